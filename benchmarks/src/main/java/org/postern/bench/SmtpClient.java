package org.postern.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal blocking SMTP client: one connection, EHLO once, then any number of transactions. No pipelining. */
final class SmtpClient implements Closeable {

    /** A complete (possibly multi-line) SMTP reply. */
    static final class Reply {
        final int code;
        final List<String> lines;

        Reply(int code, List<String> lines) {
            this.code = code;
            this.lines = List.copyOf(lines);
        }

        boolean positive() {
            return code >= 200 && code < 300;
        }

        @Override
        public String toString() {
            return String.join(" | ", lines);
        }
    }

    /** The server answered a step of a transaction with something other than the expected code. */
    static final class Refusal {
        final String step;
        final Reply reply;

        Refusal(String step, Reply reply) {
            this.step = step;
            this.reply = reply;
        }

        /** 421 and friends: the server is closing the connection. */
        boolean closesConnection() {
            return reply.code == 421;
        }

        @Override
        public String toString() {
            return step + " -> " + reply;
        }
    }

    /** Greeting or EHLO refused. */
    static final class SessionRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        SessionRefusedException(String message) {
            super(message);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END_OF_DATA = {'.', '\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SmtpClient(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            this.socket = s;
            this.in = new BufferedInputStream(s.getInputStream(), 8192);
            this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            Reply greeting = readReply();
            if (greeting.code != 220) {
                throw new SessionRefusedException("greeting -> " + greeting);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    void ehlo(String name) throws IOException {
        Reply r = command("EHLO " + name);
        if (r.code != 250) {
            throw new SessionRefusedException("EHLO -> " + r);
        }
    }

    /**
     * One MAIL FROM / RCPT TO / DATA transaction.
     *
     * @return null when the message was accepted (250 after the final dot), the refusal otherwise
     *     (in which case the transaction has been reset with RSET unless the server closes the connection)
     * @throws IOException the connection is broken and must be discarded
     */
    Refusal send(String from, String recipient, byte[] message) throws IOException {
        Reply r = command("MAIL FROM:<" + from + ">");
        if (!r.positive()) {
            return refused("MAIL FROM", r);
        }
        r = command("RCPT TO:<" + recipient + ">");
        if (!r.positive()) {
            return refused("RCPT TO", r);
        }
        r = command("DATA");
        if (r.code != 354) {
            return refused("DATA", r);
        }
        writeDotStuffed(message);
        out.write(END_OF_DATA);
        out.flush();
        r = readReply();
        if (!r.positive()) {
            // the transaction is over after the final dot, whatever the answer: no RSET needed
            return new Refusal("end of DATA", r);
        }
        return null;
    }

    private Refusal refused(String step, Reply r) throws IOException {
        Refusal refusal = new Refusal(step, r);
        if (!refusal.closesConnection()) {
            command("RSET");
        }
        return refusal;
    }

    void quit() {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private Reply command(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.flush();
        return readReply();
    }

    private void writeDotStuffed(byte[] msg) throws IOException {
        int from = 0;
        boolean lineStart = true;
        for (int i = 0; i < msg.length; i++) {
            byte b = msg[i];
            if (lineStart && b == '.') {
                out.write(msg, from, i - from);
                out.write('.');
                from = i;
            }
            lineStart = b == '\n';
        }
        out.write(msg, from, msg.length - from);
        if (msg.length < 2 || msg[msg.length - 2] != '\r' || msg[msg.length - 1] != '\n') {
            out.write(CRLF);
        }
    }

    Reply readReply() throws IOException {
        List<String> lines = new ArrayList<>(2);
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                || !Character.isDigit(line.charAt(2)) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new IOException("malformed SMTP reply: " + line);
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), lines);
            }
            if (lines.size() > 1000) {
                throw new IOException("SMTP reply too long");
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed by server" + (sb.length() > 0 ? " after: " + sb : ""));
            }
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() > 8192) {
                throw new IOException("SMTP reply line too long");
            }
            sb.append((char) c);
        }
    }
}
