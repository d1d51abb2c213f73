package org.postern.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A plain-socket client for line-based protocols (IMAP, POP3, ManageSieve, raw HTTP) that shows exactly what
 * the server sends, byte for byte, from any loopback address, in clear or over TLS.
 */
final class LineSession implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private LineSession(Socket socket) throws IOException {
        attach(socket);
    }

    static LineSession connect(int port) {
        return connectFrom("127.0.0.1", port);
    }

    /** 127.0.0.0/8 all reaches this host: another address is another client. */
    static LineSession connectFrom(String localAddress, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            return new LineSession(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LineSession connectImplicitTls(String localAddress, int port) {
        return connectImplicitTls(localAddress, port, TestTls.trustAll());
    }

    static LineSession connectImplicitTls(String localAddress, int port, SSLContext tls) {
        LineSession session = connectFrom(localAddress, port);
        session.startTls(tls);
        return session;
    }

    /** Wraps the connection in TLS now (after the protocol's STARTTLS, or at once for implicit TLS). */
    void startTls() {
        startTls(TestTls.trustAll());
    }

    void startTls(SSLContext tls) {
        try {
            SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
            upgraded.startHandshake();
            attach(upgraded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void attach(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    void timeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a line with CRLF. */
    void send(String line) {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line without its line ending; fails at end of stream or timeout. */
    String line() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed by the server after " + line.toString(StandardCharsets.UTF_8));
                }
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exactly {@code count} bytes, as text. */
    String read(int count) {
        try {
            byte[] bytes = in.readNBytes(count);
            if (bytes.length < count) {
                throw new IOException("connection closed by the server after " + bytes.length + " of " + count + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines up to and including the first that matches. */
    List<String> linesUntil(Predicate<String> last) {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            lines.add(line);
            if (last.test(line)) {
                return lines;
            }
        }
    }

    /** True when the server closes the connection (end of stream, or a reset) before the socket's timeout. */
    boolean closedByServer() {
        try {
            byte[] buffer = new byte[8192];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
