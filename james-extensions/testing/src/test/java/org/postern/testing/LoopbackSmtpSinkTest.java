package org.postern.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackSmtpSink.ReceivedMessage;

class LoopbackSmtpSinkTest {

    private LoopbackSmtpSink sink;

    @BeforeEach
    void startSink() {
        sink = LoopbackSmtpSink.start();
    }

    @AfterEach
    void stopSink() {
        sink.close();
    }

    /** A minimal line-oriented SMTP client over a plain socket. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Client(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        /** Reads one (possibly multi-line) reply and returns its last line. */
        String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed");
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        String send(String command) throws IOException {
            write(command + "\r\n");
            return reply();
        }

        void write(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void recordsTwoMessagesSentOnOneConnection() throws Exception {
        try (Client client = new Client(sink.port())) {
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.send("EHLO client.example")).startsWith("250 ");

            assertThat(client.send("MAIL FROM:<alice@example.test> SIZE=100")).startsWith("250 ");
            assertThat(client.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(client.send("RCPT TO:<carol@example.test>")).startsWith("250 ");
            assertThat(client.send("DATA")).startsWith("354 ");
            client.write("Subject: one\r\n\r\n..leading dot\r\nbody\r\n.\r\n");
            assertThat(client.reply()).startsWith("250 ");

            assertThat(client.send("RSET")).startsWith("250 ");
            assertThat(client.send("NOOP")).startsWith("250 ");

            assertThat(client.send("mail from:<>")).startsWith("250 ");
            assertThat(client.send("rcpt to:<dave@example.test>")).startsWith("250 ");
            assertThat(client.send("data")).startsWith("354 ");
            client.write("Subject: two\r\n\r\nbounce\r\n.\r\n");
            assertThat(client.reply()).startsWith("250 ");

            assertThat(client.send("QUIT")).startsWith("221 ");
        }

        List<ReceivedMessage> messages = sink.awaitMessages(2, Duration.ofSeconds(5));
        assertThat(messages).containsExactly(
            new ReceivedMessage("alice@example.test", List.of("bob@example.test", "carol@example.test"),
                "Subject: one\r\n\r\n.leading dot\r\nbody\r\n"),
            new ReceivedMessage("", List.of("dave@example.test"), "Subject: two\r\n\r\nbounce\r\n"));
    }

    @Test
    void refusesOutOfOrderCommands() throws Exception {
        try (Client client = new Client(sink.port())) {
            client.reply();
            assertThat(client.send("HELO client.example")).startsWith("250 ");
            assertThat(client.send("RCPT TO:<bob@example.test>")).startsWith("503 ");
            assertThat(client.send("DATA")).startsWith("503 ");
            assertThat(client.send("MAIL FROM:<a@example.test>")).startsWith("250 ");
            assertThat(client.send("DATA")).startsWith("503 ");
            assertThat(client.send("STARTTLS")).startsWith("500 ");
        }
        assertThat(sink.messages()).isEmpty();
    }

    @Test
    void recipientsCanBeRejectedForRetryTests() throws Exception {
        sink.rejectRecipientsWith("450 4.2.0 try later");
        try (Client client = new Client(sink.port())) {
            client.reply();
            client.send("EHLO client.example");
            client.send("MAIL FROM:<a@example.test>");
            assertThat(client.send("RCPT TO:<bob@example.test>")).isEqualTo("450 4.2.0 try later");

            sink.acceptAll().rejectRecipient("Eve@Example.Test", "550 5.1.1 no such user");
            assertThat(client.send("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(client.send("RCPT TO:<eve@example.test>")).isEqualTo("550 5.1.1 no such user");
            client.send("DATA");
            client.write("x\r\n.\r\n");
            assertThat(client.reply()).startsWith("250 ");
        }
        assertThat(sink.awaitMessages(1, Duration.ofSeconds(5)).get(0).rcptTo()).containsExactly("bob@example.test");
    }

    @Test
    void serversSeveralConnectionsAtOnce() throws Exception {
        try (Client first = new Client(sink.port()); Client second = new Client(sink.port())) {
            first.reply();
            second.reply();
            first.send("HELO a");
            second.send("HELO b");
            first.send("MAIL FROM:<first@example.test>");
            second.send("MAIL FROM:<second@example.test>");
            first.send("RCPT TO:<x@example.test>");
            second.send("RCPT TO:<y@example.test>");
            second.send("DATA");
            second.write("second\r\n.\r\n");
            assertThat(second.reply()).startsWith("250 ");
            first.send("DATA");
            first.write("first\r\n.\r\n");
            assertThat(first.reply()).startsWith("250 ");
        }
        assertThat(sink.awaitMessages(2, Duration.ofSeconds(5))).extracting(ReceivedMessage::mailFrom)
            .containsExactly("second@example.test", "first@example.test");
        assertThat(sink.connectionCount()).isEqualTo(2);
    }

    @Test
    void awaitMessagesFailsWithWhatArrived() {
        assertThatThrownBy(() -> sink.awaitMessages(1, Duration.ofMillis(100)))
            .isInstanceOf(AssertionError.class)
            .hasMessageContaining("Expected 1 message(s)")
            .hasMessageContaining("got 0");
    }

    @Test
    void restartsOnAKnownPort() throws Exception {
        int port = sink.port();
        sink.close();

        sink = LoopbackSmtpSink.start(port);

        try (Client client = new Client(port)) {
            assertThat(client.reply()).startsWith("220 ");
        }
    }
}
