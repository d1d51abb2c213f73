package org.postern.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * Throwaway stand-in for the mail server: a tiny SMTP acceptor and an IMAP responder on 127.0.0.1, port 0.
 * Every accepted message is "delivered" (the recipient's INBOX count goes up) after {@link #deliveryDelayMillis}.
 */
final class FakeMailServer implements AutoCloseable {

    /** One message as the SMTP acceptor received it (after undoing dot-stuffing). */
    record Received(int connection, String from, String recipient, byte[] data, String messageId) {
    }

    final Map<String, AtomicInteger> inbox = new ConcurrentHashMap<>();
    final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger smtpConnections = new AtomicInteger();
    final AtomicInteger ehloCommands = new AtomicInteger();
    final AtomicInteger rsetCommands = new AtomicInteger();
    final AtomicInteger imapLogins = new AtomicInteger();
    final Set<String> rejectedRecipients = ConcurrentHashMap.newKeySet();
    final List<String> protocolErrors = new CopyOnWriteArrayList<>();
    volatile String password = "secret";
    volatile long deliveryDelayMillis;
    volatile boolean deliver = true;

    private final ServerSocket smtp;
    private final ServerSocket imap;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-delivery");
        t.setDaemon(true);
        return t;
    });

    FakeMailServer() throws IOException {
        this(null);
    }

    /** @param imapTls when not null, IMAP is served over implicit TLS with this context (like IMAPS) */
    FakeMailServer(SSLContext imapTls) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        smtp = new ServerSocket(0, 100, loopback);
        imap = imapTls == null ? new ServerSocket(0, 100, loopback)
            : imapTls.getServerSocketFactory().createServerSocket(0, 100, loopback);
        acceptLoop(smtp, this::smtpSession, "fake-smtp");
        acceptLoop(imap, this::imapSession, "fake-imap");
    }

    String smtpAddress() {
        return "127.0.0.1:" + smtp.getLocalPort();
    }

    String imapAddress() {
        return "127.0.0.1:" + imap.getLocalPort();
    }

    int inboxCount(String user) {
        return inbox.computeIfAbsent(user, u -> new AtomicInteger()).get();
    }

    private interface Session {
        void serve(Socket socket, int number) throws IOException;
    }

    private void acceptLoop(ServerSocket server, Session session, String name) {
        Thread acceptor = new Thread(() -> {
            AtomicInteger n = new AtomicInteger();
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    int number = n.incrementAndGet();
                    Thread t = new Thread(() -> {
                        try (s) {
                            session.serve(s, number);
                        } catch (IOException e) {
                            // client went away
                        }
                    }, name + "-" + number);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    // ---------------------------------------------------------------- SMTP

    private static final Pattern PATH = Pattern.compile("<([^>]*)>");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*(<[^>]+>)");

    private void smtpSession(Socket socket, int number) throws IOException {
        smtpConnections.incrementAndGet();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        reply(out, "220 fake.test ESMTP ready");
        boolean greeted = false;
        String from = null;
        String rcpt = null;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return;
            }
            String upper = line.toUpperCase();
            if (upper.startsWith("EHLO ")) {
                ehloCommands.incrementAndGet();
                greeted = true;
                from = null;
                rcpt = null;
                reply(out, "250-fake.test hello\r\n250-PIPELINING\r\n250-SIZE 104857600\r\n250 8BITMIME");
            } else if (upper.startsWith("MAIL FROM:")) {
                if (!greeted || from != null) {
                    protocolErrors.add("bad sequence: " + line);
                    reply(out, "503 5.5.1 Bad sequence of commands");
                    continue;
                }
                from = path(line);
                reply(out, "250 2.1.0 Sender OK");
            } else if (upper.startsWith("RCPT TO:")) {
                if (from == null) {
                    protocolErrors.add("bad sequence: " + line);
                    reply(out, "503 5.5.1 Need MAIL first");
                    continue;
                }
                String r = path(line);
                if (rejectedRecipients.contains(r)) {
                    reply(out, "550 5.1.1 <" + r + ">: Recipient address rejected: unknown user");
                    continue;
                }
                rcpt = r;
                reply(out, "250 2.1.5 Recipient OK");
            } else if (upper.equals("DATA")) {
                if (rcpt == null) {
                    reply(out, "503 5.5.1 Need RCPT first");
                    continue;
                }
                reply(out, "354 End data with <CR><LF>.<CR><LF>");
                byte[] data = readData(in);
                if (data == null) {
                    return;
                }
                Matcher m = MESSAGE_ID.matcher(new String(data, StandardCharsets.US_ASCII));
                received.add(new Received(number, from, rcpt, data, m.find() ? m.group(1) : null));
                String user = rcpt;
                if (deliver) {
                    if (deliveryDelayMillis <= 0) {
                        inbox.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
                    } else {
                        delivery.schedule(() -> inbox.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet(),
                            deliveryDelayMillis, TimeUnit.MILLISECONDS);
                    }
                }
                from = null;
                rcpt = null;
                reply(out, "250 2.0.0 Ok: queued");
            } else if (upper.equals("RSET")) {
                rsetCommands.incrementAndGet();
                from = null;
                rcpt = null;
                reply(out, "250 2.0.0 Ok");
            } else if (upper.equals("QUIT")) {
                reply(out, "221 2.0.0 Bye");
                return;
            } else {
                protocolErrors.add("unknown command: " + line);
                reply(out, "500 5.5.2 Unknown command");
            }
        }
    }

    private static String path(String line) {
        Matcher m = PATH.matcher(line);
        return m.find() ? m.group(1) : "";
    }

    /** Reads DATA up to the lone dot; returns the message with CRLF line ends and dot-stuffing undone. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream(8192);
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            if (line.equals(".")) {
                return data.toByteArray();
            }
            if (line.startsWith(".")) {
                line = line.substring(1);
            }
            data.write(line.getBytes(StandardCharsets.ISO_8859_1));
            data.write('\r');
            data.write('\n');
        }
    }

    // ---------------------------------------------------------------- IMAP

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private void imapSession(Socket socket, int number) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        reply(out, "* OK [CAPABILITY IMAP4rev1 LITERAL+] fake IMAP ready");
        String user = null;
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return;
            }
            String[] parts = line.split(" ", 3);
            String tag = parts[0];
            String command = parts.length > 1 ? parts[1].toUpperCase() : "";
            String args = parts.length > 2 ? parts[2] : "";
            switch (command) {
                case "LOGIN": {
                    Matcher m = QUOTED.matcher(args);
                    List<String> strings = new ArrayList<>();
                    while (m.find()) {
                        strings.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                    }
                    if (strings.size() == 2 && strings.get(1).equals(password)) {
                        user = strings.get(0);
                        imapLogins.incrementAndGet();
                        reply(out, tag + " OK LOGIN completed");
                    } else {
                        reply(out, tag + " NO [AUTHENTICATIONFAILED] Invalid credentials");
                    }
                    break;
                }
                case "STATUS":
                    if (user == null) {
                        reply(out, tag + " BAD not authenticated");
                    } else if (args.toUpperCase().startsWith("INBOX (MESSAGES)")) {
                        reply(out, "* STATUS \"INBOX\" (MESSAGES " + inboxCount(user) + ")\r\n" + tag + " OK STATUS completed");
                    } else if (args.toUpperCase().startsWith("INBOX (UIDNEXT)")) {
                        // nothing is ever deleted here: the next UID follows the count
                        reply(out, "* STATUS \"INBOX\" (UIDNEXT " + (inboxCount(user) + 1) + ")\r\n" + tag + " OK STATUS completed");
                    } else {
                        protocolErrors.add("unexpected STATUS: " + line);
                        reply(out, tag + " BAD unexpected STATUS");
                    }
                    break;
                case "LOGOUT":
                    reply(out, "* BYE logging out\r\n" + tag + " OK LOGOUT completed");
                    return;
                default:
                    protocolErrors.add("unknown IMAP command: " + line);
                    reply(out, tag + " BAD unknown command");
            }
        }
    }

    // ---------------------------------------------------------------- common

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** A line without its CRLF, or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                byte[] b = line.toByteArray();
                int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
                return new String(b, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
    }

    @Override
    public void close() throws IOException {
        delivery.shutdownNow();
        smtp.close();
        imap.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
