package org.postern.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A plain-socket SMTP client that shows the server's replies exactly as sent (code, enhanced code, text),
 * which is what these tests assert; it can upgrade with STARTTLS or start in implicit TLS.
 */
public final class SmtpSession implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
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

    private SmtpSession(Socket socket) throws IOException {
        attach(socket);
        this.greeting = read();
    }

    public static SmtpSession connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            return new SmtpSession(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects from another loopback address (127.0.0.0/8 all reaches this host), to test per-client rules. */
    public static SmtpSession connectFrom(String localAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            return new SmtpSession(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SmtpSession connectImplicitTls(int port, SSLContext tls) {
        try {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            return new SmtpSession(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    public Reply greeting() {
        return greeting;
    }

    public Reply command(String line) {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        if (reply.code() != 220) {
            return reply;
        }
        try {
            SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
            upgraded.startHandshake();
            attach(upgraded);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends text exactly as given, line endings included (or not). */
    public void writeRaw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next reply. */
    public Reply reply() {
        try {
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends lines in one write without waiting (RFC 2920 pipelining) and reads one reply per line. */
    public List<Reply> pipeline(List<String> lines) {
        try {
            out.write((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                replies.add(read());
            }
            return replies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the server has closed the connection (end of stream within the socket timeout). */
    public boolean closedByServer() {
        try {
            return in.readLine() == null;
        } catch (IOException e) {
            return true;
        }
    }

    public static Reply expect(Reply reply, int code) {
        if (reply.code() != code) {
            throw new AssertionError("expected " + code + " but the server said: " + reply);
        }
        return reply;
    }

    private Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed by the server after " + lines);
            }
            if (line.length() < 3) {
                throw new IOException("malformed reply line: " + line);
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
        }
    }

    @Override
    public void close() {
        try {
            if (!socket.isClosed()) {
                try {
                    command("QUIT");
                } catch (UncheckedIOException e) {
                    // already closed by the server
                }
            }
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
