package org.postern.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A tiny SMTP server for tests: plain text (no TLS), listening on 127.0.0.1 only, accepting every
 * sender, recipient and message unless told otherwise, and recording what it received.
 *
 * <p>Understands EHLO/HELO, MAIL, RCPT, DATA (with dot-unstuffing), RSET, NOOP, VRFY, HELP and
 * QUIT; several connections may be open at the same time, and commands may be pipelined.
 * Replies can be changed while the sink runs, e.g. {@link #rejectRecipientsWith(String)} for retry
 * tests.
 */
public final class LoopbackSmtpSink implements AutoCloseable {

    /**
     * One message received: the envelope (reverse-path without angle brackets, {@code ""} for the
     * null sender; the accepted forward-paths) and the data as sent, dot-unstuffed, lines ending in
     * CRLF, without the final {@code "."} line.
     */
    public record ReceivedMessage(String mailFrom, List<String> rcptTo, String data) {
        public ReceivedMessage {
            Objects.requireNonNull(mailFrom, "mailFrom");
            rcptTo = List.copyOf(rcptTo);
            Objects.requireNonNull(data, "data");
        }
    }

    private static final Pattern REPLY = Pattern.compile("[2-5]\\d\\d([ -].*)?");
    private static final int MAX_LINE = 1 << 20;
    private static final String HOSTNAME = "loopback-smtp-sink";

    private final ServerSocket server;
    private final int port;
    private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, String> recipientReplies = new ConcurrentHashMap<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final ExecutorService workers;
    private final Thread acceptThread;
    private volatile String rcptReply;
    private volatile String dataReply;
    private volatile boolean closed;

    private LoopbackSmtpSink(ServerSocket server) {
        this.server = server;
        this.port = server.getLocalPort();
        AtomicInteger counter = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loopback-smtp-" + port + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptThread = new Thread(this::accept, "loopback-smtp-accept-" + port);
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** Starts a sink on a free port of 127.0.0.1. */
    public static LoopbackSmtpSink start() {
        return bind(0);
    }

    /** Starts a sink on the given port of 127.0.0.1, e.g. to bring a closed sink back on its port. */
    public static LoopbackSmtpSink start(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535: " + port);
        }
        return bind(port);
    }

    private static LoopbackSmtpSink bind(int port) {
        ServerSocket server = null;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(loopback(), port));
            return new LoopbackSmtpSink(server);
        } catch (IOException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
            throw new UncheckedIOException("Could not bind an SMTP sink on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code "127.0.0.1:NNNN"}. */
    public String hostAndPort() {
        return "127.0.0.1:" + port;
    }

    /** The messages received so far, in the order their DATA completed. */
    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /**
     * Waits until at least {@code count} messages were received and returns them all.
     *
     * @throws AssertionError if they did not arrive within {@code timeout}; its message lists what did arrive
     */
    public List<ReceivedMessage> awaitMessages(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedMessage> received = messages();
            if (received.size() >= count) {
                return received;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Expected " + count + " message(s) on " + hostAndPort() + " within " + timeout
                    + " but got " + received.size() + ": " + received);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + count + " message(s); got " + received, e);
            }
        }
    }

    /** Forgets the messages received so far. */
    public LoopbackSmtpSink clearMessages() {
        messages.clear();
        return this;
    }

    /** Connections accepted so far. */
    public int connectionCount() {
        return connectionCount.get();
    }

    /** Every RCPT is answered with {@code reply} (e.g. {@code "450 4.2.0 try later"}) until {@link #acceptAll()}. */
    public LoopbackSmtpSink rejectRecipientsWith(String reply) {
        this.rcptReply = checkReply(reply);
        return this;
    }

    /** RCPT for this address (case-insensitive) is answered with {@code reply} until {@link #acceptAll()}. */
    public LoopbackSmtpSink rejectRecipient(String address, String reply) {
        recipientReplies.put(address.toLowerCase(Locale.ROOT), checkReply(reply));
        return this;
    }

    /** The end of DATA is answered with {@code reply} and the message is not recorded, until {@link #acceptAll()}. */
    public LoopbackSmtpSink rejectDataWith(String reply) {
        this.dataReply = checkReply(reply);
        return this;
    }

    /** Undoes every rejection: everything is accepted again. */
    public LoopbackSmtpSink acceptAll() {
        rcptReply = null;
        dataReply = null;
        recipientReplies.clear();
        return this;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
        workers.shutdownNow();
        try {
            acceptThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LoopbackSmtpSink[" + hostAndPort() + ", " + messages.size() + " message(s)]";
    }

    // ---------------------------------------------------------------- serving

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            connectionCount.incrementAndGet();
            connections.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RuntimeException rejected) {
                connections.remove(socket);
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            new Session(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream()).run();
        } catch (IOException e) {
            // client went away or sink closing
        } finally {
            connections.remove(socket);
        }
    }

    private final class Session {
        private final InputStream in;
        private final OutputStream out;
        private String mailFrom;
        private final List<String> rcptTo = new ArrayList<>();

        Session(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        void run() throws IOException {
            reply("220 " + HOSTNAME + " ESMTP ready");
            while (!closed) {
                String line = readLine();
                if (line == null) {
                    return;
                }
                String verb = verb(line);
                switch (verb) {
                    case "EHLO" -> {
                        reset();
                        reply("250-" + HOSTNAME + " greets you", "250-PIPELINING", "250-8BITMIME", "250-SMTPUTF8",
                            "250-ENHANCEDSTATUSCODES", "250 SIZE 104857600");
                    }
                    case "HELO" -> {
                        reset();
                        reply("250 " + HOSTNAME);
                    }
                    case "MAIL" -> mail(line);
                    case "RCPT" -> rcpt(line);
                    case "DATA" -> data();
                    case "RSET" -> {
                        reset();
                        reply("250 2.0.0 Ok");
                    }
                    case "NOOP" -> reply("250 2.0.0 Ok");
                    case "VRFY" -> reply("252 2.0.0 Cannot VRFY user");
                    case "HELP" -> reply("214 2.0.0 EHLO HELO MAIL RCPT DATA RSET NOOP VRFY QUIT");
                    case "QUIT" -> {
                        reply("221 2.0.0 Bye");
                        return;
                    }
                    default -> reply("500 5.5.2 Command not recognized");
                }
            }
        }

        private void mail(String line) throws IOException {
            String path = path(line, "FROM:");
            if (path == null) {
                reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            } else if (mailFrom != null) {
                reply("503 5.5.1 Nested MAIL command");
            } else {
                mailFrom = path;
                rcptTo.clear();
                reply("250 2.1.0 Ok");
            }
        }

        private void rcpt(String line) throws IOException {
            String path = path(line, "TO:");
            if (mailFrom == null) {
                reply("503 5.5.1 Need MAIL before RCPT");
            } else if (path == null || path.isEmpty()) {
                reply("501 5.5.4 Syntax: RCPT TO:<address>");
            } else {
                String rejection = recipientReplies.get(path.toLowerCase(Locale.ROOT));
                if (rejection == null) {
                    rejection = rcptReply;
                }
                if (rejection != null) {
                    reply(rejection);
                } else {
                    rcptTo.add(path);
                    reply("250 2.1.5 Ok");
                }
            }
        }

        private void data() throws IOException {
            if (mailFrom == null || rcptTo.isEmpty()) {
                reply("503 5.5.1 Need MAIL and RCPT before DATA");
                return;
            }
            reply("354 End data with <CR><LF>.<CR><LF>");
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            while (true) {
                byte[] line = readRawLine();
                if (line == null) {
                    throw new IOException("Connection closed during DATA");
                }
                if (line.length == 1 && line[0] == '.') {
                    break;
                }
                int offset = line.length > 0 && line[0] == '.' ? 1 : 0;
                data.write(line, offset, line.length - offset);
                data.write('\r');
                data.write('\n');
            }
            String rejection = dataReply;
            if (rejection != null) {
                reply(rejection);
            } else {
                messages.add(new ReceivedMessage(mailFrom, rcptTo, data.toString(StandardCharsets.UTF_8)));
                reply("250 2.0.0 Ok: queued as " + messages.size());
            }
            reset();
        }

        private void reset() {
            mailFrom = null;
            rcptTo.clear();
        }

        private String readLine() throws IOException {
            byte[] raw = readRawLine();
            return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
        }

        /** A line without its CRLF (a bare LF is accepted too), or null at end of stream. */
        private byte[] readRawLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b == -1) {
                    return line.size() == 0 ? null : line.toByteArray();
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length;
                    if (length > 0 && bytes[length - 1] == '\r') {
                        length--;
                    }
                    return Arrays.copyOf(bytes, length);
                }
                if (line.size() >= MAX_LINE) {
                    throw new IOException("Line too long");
                }
                line.write(b);
            }
        }

        private void reply(String... lines) throws IOException {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append("\r\n");
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static String verb(String line) {
        int space = line.indexOf(' ');
        return (space < 0 ? line : line.substring(0, space)).trim().toUpperCase(Locale.ROOT);
    }

    /**
     * The address of {@code MAIL FROM:<a>} / {@code RCPT TO:<a>} without angle brackets and without
     * parameters, {@code ""} for {@code <>}, or null when the keyword is missing.
     */
    private static String path(String line, String keyword) {
        int space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String rest = line.substring(space + 1).stripLeading();
        if (!rest.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return null;
        }
        rest = rest.substring(keyword.length()).stripLeading();
        if (rest.startsWith("<")) {
            int end = rest.indexOf('>');
            return end < 0 ? null : rest.substring(1, end);
        }
        int end = rest.indexOf(' ');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static String checkReply(String reply) {
        if (reply == null || !REPLY.matcher(reply).matches()) {
            throw new IllegalArgumentException("Not an SMTP reply line (\"NNN text\"): " + reply);
        }
        return reply;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
