package org.postern.policy.policyservice;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of Postfix's policy delegation protocol (SMTPD_POLICY_README): it writes {@code name=value}
 * lines and an empty line, and reads {@code action=...} lines up to an empty line. Connections are kept
 * and reused, as Postfix does, because policy servers (postgrey, policyd-spf, postfwd) are built for
 * it; a connection idle longer than max_idle, older than max_ttl or past request_limit is replaced.
 * Every connect, write and read is bounded by the timeout; a request that fails is tried again up to
 * try_limit times, then {@link PolicyAnswer.Failure} lets the caller apply the default action.
 * Thread-safe: each request borrows a connection of its own.
 */
public final class PolicyServiceClient implements Closeable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PolicyServiceClient.class);
    /** Idle connections kept; more concurrent sessions than this open and close their own. */
    private static final int MAX_IDLE_CONNECTIONS = 16;
    private static final int MAX_LINE = 8192;
    private static final int MAX_ATTRIBUTES = 100;

    private final PolicyServiceEndpoint endpoint;
    private final Clock clock;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    public PolicyServiceClient(PolicyServiceEndpoint endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    public PolicyServiceEndpoint endpoint() {
        return endpoint;
    }

    /** Sends one request (attributes in order) and returns the action, or why there is none. */
    public PolicyAnswer ask(List<Map.Entry<String, String>> attributes) {
        byte[] request = encode(attributes);
        PolicyServiceSettings settings = endpoint.settings();
        String failure = "not tried";
        boolean lastFailureWasStale = false;
        for (int attempt = 1; attempt <= settings.tryLimit(); attempt++) {
            // A reused connection the server had already dropped is retried at once; anything else waits.
            if (attempt > 1 && !lastFailureWasStale && !pause(settings.retryDelay())) {
                break;
            }
            Connection connection = null;
            lastFailureWasStale = false;
            try {
                connection = borrow();
                lastFailureWasStale = connection.requests > 0;
                String action = connection.exchange(request);
                giveBack(connection);
                return new PolicyAnswer.Action(action);
            } catch (IOException e) {
                if (connection != null) {
                    connection.close();
                }
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOGGER.warn("policy service {}: attempt {} of {} failed: {}", endpoint, attempt, settings.tryLimit(),
                    failure);
            }
        }
        return new PolicyAnswer.Failure(failure);
    }

    /** Closes the idle connections; requests in flight finish on their own connection. */
    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            idle.forEach(Connection::close);
            idle.clear();
        }
    }

    private Connection borrow() throws IOException {
        Instant now = clock.instant();
        synchronized (idle) {
            while (!idle.isEmpty()) {
                Connection connection = idle.pollFirst();
                if (connection.isReusable(now)) {
                    return connection;
                }
                connection.close();
            }
        }
        return connect();
    }

    private void giveBack(Connection connection) {
        connection.lastUsed = clock.instant();
        int requestLimit = endpoint.settings().requestLimit();
        synchronized (idle) {
            if (closed || (requestLimit > 0 && connection.requests >= requestLimit) || idle.size() >= MAX_IDLE_CONNECTIONS) {
                connection.close();
            } else {
                idle.addFirst(connection);
            }
        }
    }

    private Connection connect() throws IOException {
        int timeout = millis(endpoint.settings().timeout());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeout);
            socket.setSoTimeout(timeout);
            return new Connection(socket, clock.instant());
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static boolean pause(Duration delay) {
        if (delay.isZero()) {
            return true;
        }
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static byte[] encode(List<Map.Entry<String, String>> attributes) {
        StringBuilder request = new StringBuilder();
        for (Map.Entry<String, String> attribute : attributes) {
            // A line break inside a value would end the request early: the protocol has no escaping.
            String value = attribute.getValue() == null ? "" : attribute.getValue().replace('\r', ' ').replace('\n', ' ');
            request.append(attribute.getKey()).append('=').append(value).append('\n');
        }
        request.append('\n');
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One TCP connection to the service. */
    private final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final Instant created;
        private Instant lastUsed;
        private int requests;

        Connection(Socket socket, Instant created) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.created = created;
            this.lastUsed = created;
        }

        boolean isReusable(Instant now) {
            PolicyServiceSettings settings = endpoint.settings();
            return !socket.isClosed()
                && now.isBefore(lastUsed.plus(settings.maxIdle()))
                && now.isBefore(created.plus(settings.maxTtl()))
                && (settings.requestLimit() == 0 || requests < settings.requestLimit());
        }

        String exchange(byte[] request) throws IOException {
            requests++;
            out.write(request);
            out.flush();
            String action = null;
            for (int count = 0; ; count++) {
                String line = readLine();
                if (line.isEmpty()) {
                    break;
                }
                if (count >= MAX_ATTRIBUTES) {
                    throw new IOException("answer has more than " + MAX_ATTRIBUTES + " attributes");
                }
                if (action == null && line.startsWith("action=")) {
                    action = line.substring("action=".length());
                }
            }
            if (action == null) {
                throw new IOException("answer without action=");
            }
            return action;
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("connection closed by the policy service");
                }
                if (b == '\n') {
                    break;
                }
                if (line.size() >= MAX_LINE) {
                    throw new IOException("answer line longer than " + MAX_LINE + " bytes");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                LOGGER.debug("closing policy service connection to {}: {}", endpoint, e.getMessage());
            }
        }
    }
}
