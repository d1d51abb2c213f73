package org.postern.it;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

/**
 * A plain-socket SMTP client that shows the server's replies exactly as sent (code, enhanced code, text),
 * which is what these tests assert; it can upgrade with STARTTLS or start in implicit TLS.
 */
public final class SmtpSession implements AutoCloseable {
    private final LineSession connection;
    private final Reply greeting;

    public record Reply(int code, List<String> lines) {
        public String text() {
            return String.join("\n", lines);
        }

        /** The last line, e.g. "554 5.7.1 <a@b>: Relay access denied". */
        public String line() {
            return code + " " + lines.get(lines.size() - 1);
        }

        @Override
        public String toString() {
            return code + " " + text();
        }
    }

    private SmtpSession(LineSession connection) {
        this.connection = connection;
        this.greeting = reply();
    }

    public static SmtpSession connect(int port) {
        return new SmtpSession(LineSession.connect(port));
    }

    /** Connects from another loopback address (127.0.0.0/8 all reaches this host), to test per-client rules. */
    public static SmtpSession connectFrom(String localAddress, int port) {
        return new SmtpSession(LineSession.connectFrom(localAddress, port));
    }

    public static SmtpSession connectImplicitTls(int port, SSLContext tls) {
        return new SmtpSession(LineSession.connectImplicitTls("127.0.0.1", port, tls));
    }

    public Reply greeting() {
        return greeting;
    }

    public Reply command(String line) {
        write(line);
        return reply();
    }

    public Reply ehlo(String name) {
        return command("EHLO " + name);
    }

    public Reply authPlain(String user, String password) {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    /** STARTTLS and the TLS handshake; the caller says EHLO again, as RFC 3207 requires. */
    public Reply startTls(SSLContext tls) {
        Reply reply = command("STARTTLS");
        if (reply.code() == 220) {
            connection.startTls(tls);
        }
        return reply;
    }

    /** DATA with the given message (CRLF line endings added, dots stuffed) and the final reply. */
    public Reply data(String message) {
        Reply go = command("DATA");
        if (go.code() != 354) {
            return go;
        }
        StringBuilder body = new StringBuilder();
        for (String line : message.split("\r?\n", -1)) {
            body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        body.append(".");
        return command(body.toString());
    }

    /** A whole transaction that must succeed: MAIL, RCPT for each recipient, DATA. */
    public Reply send(String from, List<String> recipients, String message) {
        expect(command("MAIL FROM:<" + from + ">"), 250);
        for (String recipient : recipients) {
            expect(command("RCPT TO:<" + recipient + ">"), 250);
        }
        return expect(data(message), 250);
    }

    /** Sends a command without reading its reply; {@link #reply()} reads it later. */
    public void write(String line) {
        writeRaw(line + "\r\n");
    }

    /** Sends text exactly as given, line endings included (or not). */
    public void writeRaw(String text) {
        connection.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads the next reply. */
    public Reply reply() {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line;
            try {
                line = connection.line();
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("after " + lines, e.getCause());
            }
            if (line.length() < 3) {
                throw new AssertionError("malformed reply line: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    /** Sends lines in one write without waiting (RFC 2920 pipelining) and reads one reply per line. */
    public List<Reply> pipeline(List<String> lines) {
        writeRaw(String.join("\r\n", lines) + "\r\n");
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            replies.add(reply());
        }
        return replies;
    }

    /** True when the server has closed the connection (end of stream within the socket timeout). */
    public boolean closedByServer() {
        return connection.closedByServer();
    }

    public static Reply expect(Reply reply, int code) {
        if (reply.code() != code) {
            throw new AssertionError("expected " + code + " but the server said: " + reply);
        }
        return reply;
    }

    @Override
    public void close() {
        try {
            command("QUIT");
        } catch (UncheckedIOException | AssertionError e) {
            // already closed by the server
        }
        connection.close();
    }
}
