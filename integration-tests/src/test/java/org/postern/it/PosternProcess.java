package org.postern.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The built distribution's {@code bin/postern}, started as a real process on free loopback ports with its
 * own data directory (and, when a test edits the configuration, its own copy of conf/). Stopped with
 * SIGTERM, or killed with SIGKILL for crash tests; restarted on the same ports and data.
 */
public final class PosternProcess implements AutoCloseable {
    public static final String WEBADMIN_PASSWORD = "it-admin-password";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String READY_MARKER = "ready in";

    private final Path distribution;
    private final Path workDirectory;
    private final Path dataDirectory;
    private final Path confDirectory;
    private final Map<String, String> environment;
    private final Map<String, Integer> ports;
    private Process process;
    private long runStartOffset;

    private PosternProcess(Path distribution, Path workDirectory, Path confDirectory, Map<String, String> environment,
                           Map<String, Integer> ports) {
        this.distribution = distribution;
        this.workDirectory = workDirectory;
        this.dataDirectory = workDirectory.resolve("data");
        this.confDirectory = confDirectory;
        this.environment = environment;
        this.ports = ports;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Path distribution() {
        String location = System.getProperty("postern.distribution");
        if (location == null) {
            throw new IllegalStateException("system property postern.distribution is not set (run through Maven: mvn verify)");
        }
        Path path = Path.of(location);
        if (!Files.isExecutable(path.resolve("bin/postern"))) {
            throw new IllegalStateException(path + "/bin/postern is missing: build the distribution first (mvn package)");
        }
        return path;
    }

    public PosternProcess start() {
        launch();
        awaitReady();
        return this;
    }

    /** Launches without waiting, for tests that expect startup to fail. */
    public Process launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        try {
            runStartOffset = Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder builder = new ProcessBuilder(distribution.resolve("bin/postern").toString())
            .directory(workDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process;
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            String log = currentRunLog();
            if (log.contains(READY_MARKER)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("Postern exited with code " + process.exitValue() + " during startup:\n" + tail(log));
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("Postern not ready after " + START_TIMEOUT + ":\n" + tail(currentRunLog()));
    }

    /** Waits for the process to end by itself (a failed startup) and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Postern still running after " + timeout + ":\n" + tail(currentRunLog()));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, and wait for a clean shutdown. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        waitForEnd(Duration.ofSeconds(60));
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        waitForEnd(Duration.ofSeconds(30));
    }

    public PosternProcess restart() {
        stop();
        return start();
    }

    private void waitForEnd(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("Postern did not stop within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
                waitForEnd(Duration.ofSeconds(30));
            }
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    public int port(String variable) {
        Integer port = ports.get(variable);
        if (port == null) {
            throw new IllegalArgumentException("no port " + variable);
        }
        return port;
    }

    public int smtpPort() {
        return port("SMTP_PORT");
    }

    public int submissionPort() {
        return port("SUBMISSION_PORT");
    }

    public int smtpsPort() {
        return port("SMTPS_PORT");
    }

    public int imapPort() {
        return port("IMAP_PORT");
    }

    public int imapsPort() {
        return port("IMAPS_PORT");
    }

    public int pop3Port() {
        return port("POP3_PORT");
    }

    public int pop3sPort() {
        return port("POP3S_PORT");
    }

    public String hostname() {
        return environment.get("MAIL_HOSTNAME");
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public WebAdminClient webAdmin() {
        return new WebAdminClient(port("WEBADMIN_PORT"), "admin", WEBADMIN_PASSWORD);
    }

    public Path logFile() {
        return workDirectory.resolve("postern.log");
    }

    /** The output of the current (latest) run only: earlier runs' lines are in the same file. */
    public String currentRunLog() {
        try {
            if (!Files.exists(logFile())) {
                return "";
            }
            byte[] all = Files.readAllBytes(logFile());
            int from = (int) Math.min(runStartOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 60), lines.length));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is not a test failure
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static final class Builder {
        private static final List<String> PORT_VARIABLES = List.of("SMTP_PORT", "SUBMISSION_PORT", "SMTPS_PORT",
            "IMAP_PORT", "IMAPS_PORT", "POP3_PORT", "POP3S_PORT", "MANAGESIEVE_PORT", "WEBADMIN_PORT");

        private final Map<String, String> environment = new HashMap<>();
        private final Map<String, UnaryOperator<String>> confEdits = new LinkedHashMap<>();
        private final Map<String, String> confFiles = new LinkedHashMap<>();

        private Builder() {
            environment.put("MAIL_HOSTNAME", "mx.postern.test");
            environment.put("BIND_ADDRESS", "127.0.0.1");
            environment.put("WEBADMIN_PASSWORD", WEBADMIN_PASSWORD);
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder dnsServer(String hostAndPort) {
            return env("DNS_SERVERS", hostAndPort);
        }

        /** Edits one file of a private copy of the distribution's conf/ (passed as CONF_DIR). */
        public Builder editConf(String file, UnaryOperator<String> edit) {
            confEdits.merge(file, edit, (first, second) -> text -> second.apply(first.apply(text)));
            return this;
        }

        /** Writes one file of a private copy of the distribution's conf/ (passed as CONF_DIR). */
        public Builder confFile(String file, String content) {
            confFiles.put(file, content);
            return this;
        }

        public PosternProcess build() {
            Path distribution = distribution();
            try {
                Path work = Files.createTempDirectory("postern-it-");
                Path conf = distribution.resolve("conf");
                if (!confEdits.isEmpty() || !confFiles.isEmpty()) {
                    conf = copyConf(distribution.resolve("conf"), work.resolve("conf"));
                    for (Map.Entry<String, UnaryOperator<String>> edit : confEdits.entrySet()) {
                        Path file = conf.resolve(edit.getKey());
                        String original = Files.readString(file, StandardCharsets.UTF_8);
                        String edited = edit.getValue().apply(original);
                        if (edited.equals(original)) {
                            throw new IllegalStateException("the edit of " + edit.getKey() + " changed nothing");
                        }
                        Files.writeString(file, edited, StandardCharsets.UTF_8);
                    }
                    for (Map.Entry<String, String> file : confFiles.entrySet()) {
                        Path target = conf.resolve(file.getKey());
                        Files.createDirectories(target.getParent());
                        Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
                    }
                }
                Map<String, Integer> ports = new LinkedHashMap<>();
                List<Integer> taken = new ArrayList<>();
                for (String variable : PORT_VARIABLES) {
                    String given = environment.get(variable);
                    if (given != null && !given.matches("[0-9]+")) {
                        continue; // a test of a malformed value: passed through as written
                    }
                    int port = given != null ? Integer.parseInt(given) : freePort();
                    while (taken.contains(port)) {
                        port = freePort();
                    }
                    taken.add(port);
                    ports.put(variable, port);
                }
                Map<String, String> env = new HashMap<>(environment);
                // ports.forEach only overrides the valid ones
                ports.forEach((variable, port) -> env.put(variable, String.valueOf(port)));
                env.put("DATA_DIR", work.resolve("data").toString());
                env.put("CONF_DIR", conf.toString());
                env.putIfAbsent("JAVA_OPTS", "-Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
                return new PosternProcess(distribution, work, conf, env, ports);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path copyConf(Path source, Path target) throws IOException {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
            return target;
        }
    }
}
