package org.postern.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Reads a user's INBOX figures over IMAP: LOGIN, {@code STATUS INBOX (MESSAGES)} or {@code (UIDNEXT)}, LOGOUT.
 * Plain socket, or implicit TLS without certificate checks (the benchmark only talks to a local test server).
 */
final class ImapStatusClient {

    private static final Pattern MESSAGES = Pattern.compile("MESSAGES\\s+(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern UIDNEXT = Pattern.compile("UIDNEXT\\s+(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)\\+?}$");

    private final String host;
    private final int port;
    private final boolean tls;
    private final int timeoutMillis;

    ImapStatusClient(String host, int port, boolean tls, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    /** Logs in once, for callers that count again and again (each login costs the server a password hash). */
    Session login(String user, String password) throws IOException {
        Socket socket = open();
        try {
            return new Session(socket, user, password);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One logged-in IMAP connection. */
    static final class Session implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String user;
        private int tags;

        private Session(Socket socket, String user, String password) throws IOException {
            this.socket = socket;
            this.user = user;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            String greeting = readLine(in);
            if (!greeting.regionMatches(true, 0, "* OK", 0, 4) && !greeting.regionMatches(true, 0, "* PREAUTH", 0, 9)) {
                throw new IOException("IMAP greeting: " + greeting);
            }
            if (!greeting.regionMatches(true, 0, "* PREAUTH", 0, 9)) {
                String login = tagged(in, out, nextTag(), "LOGIN " + quote(user) + " " + quote(password), null, null);
                if (login != null) {
                    throw new IOException("IMAP LOGIN " + user + ": " + login);
                }
            }
        }

        private String nextTag() {
            return "b" + (++tags);
        }

        int inboxCount() throws IOException {
            return status("MESSAGES", MESSAGES);
        }

        /**
         * The INBOX's next UID: the number of messages ever delivered to it, plus one. A server answers it from
         * the mailbox's own counter, where {@code MESSAGES} may count the messages (James on JPA does, each time).
         */
        int inboxNextUid() throws IOException {
            return status("UIDNEXT", UIDNEXT);
        }

        private int status(String item, Pattern answer) throws IOException {
            int[] value = {-1};
            String status = tagged(in, out, nextTag(), "STATUS INBOX (" + item + ")", answer, value);
            if (status != null) {
                throw new IOException("IMAP STATUS INBOX for " + user + ": " + status);
            }
            if (value[0] < 0) {
                throw new IOException("IMAP STATUS INBOX for " + user + ": no " + item + " in the answer");
            }
            return value[0];
        }

        @Override
        public void close() {
            try {
                tagged(in, out, nextTag(), "LOGOUT", null, null);
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private Socket open() throws IOException {
        Socket plain = new Socket();
        try {
            plain.setSoTimeout(timeoutMillis);
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            if (!tls) {
                return plain;
            }
            SSLSocket ssl = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, host, port, true);
            ssl.setSoTimeout(timeoutMillis);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Sends a tagged command and reads up to its tagged completion.
     *
     * @return null on OK, the tagged line otherwise
     */
    private static String tagged(InputStream in, OutputStream out, String tag, String command, Pattern item, int[] value)
        throws IOException {
        out.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        for (int lines = 0; lines < 10_000; lines++) {
            String line = readLine(in);
            // skip literals ({n} at the end of a line): n bytes, then the line goes on
            Matcher lit = LITERAL.matcher(line);
            while (lit.find()) {
                long n = Long.parseLong(lit.group(1));
                for (long skipped = 0; skipped < n; skipped++) {
                    if (in.read() < 0) {
                        throw new EOFException("IMAP connection closed inside a literal");
                    }
                }
                line = line + " " + readLine(in);
                lit = LITERAL.matcher(line);
            }
            if (value != null && line.regionMatches(true, 0, "* STATUS", 0, 8)) {
                Matcher m = item.matcher(line);
                if (m.find()) {
                    value[0] = Integer.parseInt(m.group(1));
                }
            }
            if (line.startsWith(tag + " ")) {
                String rest = line.substring(tag.length() + 1);
                return rest.regionMatches(true, 0, "OK", 0, 2) ? null : line;
            }
            if (line.regionMatches(true, 0, "* BYE", 0, 5) && !command.equals("LOGOUT")) {
                throw new IOException("IMAP server said: " + line);
            }
        }
        throw new IOException("IMAP: no tagged answer to " + tag);
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("IMAP connection closed" + (sb.length() > 0 ? " after: " + sb : ""));
            }
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() > 65536) {
                throw new IOException("IMAP line too long");
            }
            sb.append((char) c);
        }
    }

    private static SSLContext trustAll() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    // test server: not checked
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // test server: not checked
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS unavailable: " + e.getMessage(), e);
        }
    }
}
