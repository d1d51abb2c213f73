package org.postern.webadmin;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * The parameters of a webadmin request are those of its query string, never of its body: a client that sends a
 * map or JSON with the form content type (curl's default for {@code --data-binary}) must have its body reach the
 * route whole, not be eaten by the servlet container's form parsing. The path and the query are decoded strictly
 * here (percent escapes of UTF-8), so that a malformed one is a 400 rather than an error deep in a route.
 */
final class QueryStringParameters extends HttpServletRequestWrapper {
    private final Map<String, String[]> parameters;

    private QueryStringParameters(HttpServletRequest request, Map<String, String[]> parameters) {
        super(request);
        this.parameters = parameters;
    }

    /**
     * The request with parameters from its query string only.
     *
     * @throws IllegalArgumentException naming what is wrong with the path or the query
     */
    static HttpServletRequest of(HttpServletRequest request, String rawPath, String rawQuery) {
        if (rawPath != null) {
            if (rawPath.indexOf(';') >= 0) {
                throw new IllegalArgumentException("the path must not hold ';' (path parameters are not accepted)");
            }
            decode(rawPath, false, "the path");
        }
        Map<String, List<String>> collected = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals), true, "the query");
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true, "the query");
                collected.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        collected.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
        return new QueryStringParameters(request, Collections.unmodifiableMap(parameters));
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values.clone();
    }

    private static String decode(String text, boolean plusIsSpace, String where) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException(where + " holds a '%' that is not followed by two hexadecimal digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
                bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray()))
                .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(where + " is not UTF-8 once its % escapes are decoded");
        }
    }
}
