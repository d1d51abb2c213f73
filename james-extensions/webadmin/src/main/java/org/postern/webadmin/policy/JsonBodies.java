package org.postern.webadmin.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

import org.apache.james.webadmin.utils.ErrorResponder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import spark.HaltException;
import spark.Request;

/** Reading the small JSON objects our policy routes accept; every mistake is a 400 naming the field. */
final class JsonBodies {
    // a field given twice or text after the object is a mistake to report, not to guess about
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonNode object;

    private JsonBodies(JsonNode object) {
        this.object = object;
    }

    /** The request's body as a JSON object (UTF-8) whose fields are all among {@code allowed}. */
    static JsonBodies parse(Request request, Set<String> allowed) {
        String body;
        try {
            body = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(request.bodyAsBytes()))
                .toString();
        } catch (CharacterCodingException e) {
            throw badRequest("the body is not UTF-8", Optional.empty());
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw badRequest("the body is not valid JSON", Optional.of(e.getOriginalMessage()));
        }
        if (node == null || !node.isObject()) {
            throw badRequest("the body must be a JSON object", Optional.empty());
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw badRequest("unknown field \"" + name + "\" (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")",
                    Optional.empty());
            }
        }
        return new JsonBodies(node);
    }

    /** The string field, empty when absent or null; 400 when it is another JSON type. */
    Optional<String> optionalString(String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw badRequest("\"" + field + "\" must be a string", Optional.empty());
        }
        return Optional.of(value.textValue());
    }

    /** The string field; 400 when absent. */
    String requiredString(String field) {
        return optionalString(field).orElseThrow(() -> badRequest("\"" + field + "\" is missing", Optional.empty()));
    }

    static HaltException badRequest(String message, Optional<String> details) {
        ErrorResponder error = ErrorResponder.builder()
            .statusCode(400)
            .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message);
        details.ifPresent(text -> error.cause(new IllegalArgumentException(text)));
        return error.haltError();
    }

    static HaltException notFound(String message) {
        return ErrorResponder.builder()
            .statusCode(404)
            .type(ErrorResponder.ErrorType.NOT_FOUND)
            .message(message)
            .haltError();
    }
}
