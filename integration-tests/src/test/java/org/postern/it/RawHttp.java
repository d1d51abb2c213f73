package org.postern.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 spoken over a plain socket, for what an HTTP library hides: a request's head sent without its body,
 * a chunked body, the exact headers of the reply, and any loopback address as the client's.
 */
final class RawHttp {
    record Reply(int status, List<String> headers, String body) {
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(line -> line.substring(prefix.length()).strip()).findFirst();
        }
    }

    private RawHttp() {
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the request head (and {@code body}, when given) and reads the reply. */
    static Reply exchange(LineSession http, String method, String path, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach(header -> head.append(header).append("\r\n"));
        head.append("\r\n");
        http.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            http.write(body);
        }
        return reply(http);
    }

    static Reply reply(LineSession http) {
        String status = http.line();
        List<String> headers = new ArrayList<>();
        for (String line = http.line(); !line.isEmpty(); line = http.line()) {
            headers.add(line);
        }
        Reply partial = new Reply(Integer.parseInt(status.split(" ")[1]), headers, "");
        int length = partial.header("Content-Length").map(Integer::parseInt).orElse(-1);
        StringBuilder body = new StringBuilder();
        if (length > 0) {
            body.append(http.read(length));
        } else if (partial.header("Transfer-Encoding").filter("chunked"::equalsIgnoreCase).isPresent()) {
            for (int size = Integer.parseInt(http.line().strip(), 16); size > 0; size = Integer.parseInt(http.line().strip(), 16)) {
                body.append(http.read(size));
                http.line();
            }
            http.line();
        }
        return new Reply(partial.status(), headers, body.toString());
    }
}
