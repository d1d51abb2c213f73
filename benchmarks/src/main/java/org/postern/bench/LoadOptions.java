package org.postern.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of {@link SmtpLoadGenerator}. Parses {@code --name value} (and {@code --name=value}).
 */
final class LoadOptions {

    static final String USAGE = String.join("\n",
        "Usage: java -jar postern-bench.jar [options]",
        "",
        "Sends N messages of S bytes over C kept-open SMTP connections and prints throughput and latency.",
        "",
        "  --smtp host:port          SMTP server (default 127.0.0.1:25)",
        "  --messages N              measured messages (default 2000)",
        "  --size BYTES              approximate size of each message incl. headers (default 5120)",
        "  --connections C           concurrent connections, one thread each (default 4)",
        "  --connection-per-message  open a new connection for each message (EHLO, one transaction, QUIT),",
        "                            as an MX sees mail; latency then counts from the connect",
        "  --from addr               envelope and header sender (default loadgen@bench.test)",
        "  --to a@d[,b@d...]         recipients, used round-robin, one per message",
        "                            (default u1@bench.test,u2@bench.test,u3@bench.test,u4@bench.test)",
        "  --warmup N                messages sent (and delivered) before measuring (default 100)",
        "  --helo name               EHLO name (default localhost)",
        "  --io-timeout SECONDS      connect/read timeout of every SMTP and IMAP exchange (default 60)",
        "",
        "Delivery verification (optional; both needed):",
        "  --imap host:port          IMAP server used to count INBOX messages of each recipient",
        "  --password P              password shared by all recipients (IMAP LOGIN user = recipient address)",
        "  --imap-tls                use implicit TLS for IMAP (IMAPS port; certificate not checked)",
        "  --verify-timeout SECONDS  how long to wait for full delivery after the last accept (default 120)",
        "",
        "  --help                    this text",
        "",
        "Exit status: 0 all accepted (and delivered when verifying), 1 a message was refused or",
        "verification failed, 2 bad command line.");

    String smtpHost = "127.0.0.1";
    int smtpPort = 25;
    int messages = 2000;
    int size = 5120;
    int connections = 4;
    boolean connectionPerMessage;
    String from = "loadgen@bench.test";
    List<String> to = List.of("u1@bench.test", "u2@bench.test", "u3@bench.test", "u4@bench.test");
    int warmup = 100;
    String helo = "localhost";
    int ioTimeoutSeconds = 60;

    String imapHost;
    int imapPort;
    String password;
    boolean imapTls;
    int verifyTimeoutSeconds = 120;

    boolean help;

    boolean verify() {
        return imapHost != null;
    }

    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static LoadOptions parse(String... args) throws UsageException {
        LoadOptions o = new LoadOptions();
        boolean passwordGiven = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            // flags without a value
            if (name.equals("--help") || name.equals("--imap-tls") || name.equals("--connection-per-message")) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                if (name.equals("--help")) {
                    o.help = true;
                } else if (name.equals("--imap-tls")) {
                    o.imapTls = true;
                } else {
                    o.connectionPerMessage = true;
                }
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("missing value for " + name);
                }
                value = args[++i];
            }
            switch (name) {
                case "--smtp": {
                    HostPort hp = HostPort.parse(name, value);
                    o.smtpHost = hp.host;
                    o.smtpPort = hp.port;
                    break;
                }
                case "--imap": {
                    HostPort hp = HostPort.parse(name, value);
                    o.imapHost = hp.host;
                    o.imapPort = hp.port;
                    break;
                }
                case "--messages":
                    o.messages = intValue(name, value, 1, 100_000_000);
                    break;
                case "--size":
                    o.size = intValue(name, value, 1, 100 * 1024 * 1024);
                    break;
                case "--connections":
                    o.connections = intValue(name, value, 1, 10_000);
                    break;
                case "--warmup":
                    o.warmup = intValue(name, value, 0, 100_000_000);
                    break;
                case "--io-timeout":
                    o.ioTimeoutSeconds = intValue(name, value, 1, 86_400);
                    break;
                case "--verify-timeout":
                    o.verifyTimeoutSeconds = intValue(name, value, 0, 86_400);
                    break;
                case "--from":
                    o.from = address(name, value);
                    break;
                case "--to": {
                    Set<String> rcpts = new LinkedHashSet<>();
                    for (String part : value.split(",")) {
                        String a = part.trim();
                        if (!a.isEmpty()) {
                            rcpts.add(address(name, a));
                        }
                    }
                    if (rcpts.isEmpty()) {
                        throw new UsageException("--to needs at least one address");
                    }
                    o.to = List.copyOf(rcpts);
                    break;
                }
                case "--helo":
                    if (value.isBlank() || value.chars().anyMatch(c -> c <= ' ' || c > 126)) {
                        throw new UsageException("bad --helo name: " + value);
                    }
                    o.helo = value;
                    break;
                case "--password":
                    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                        throw new UsageException("--password must not contain line breaks");
                    }
                    o.password = value;
                    passwordGiven = true;
                    break;
                default:
                    throw new UsageException("unknown option: " + name);
            }
        }
        if (o.help) {
            return o;
        }
        if (o.imapHost != null && !passwordGiven) {
            throw new UsageException("--imap needs --password");
        }
        if (o.imapHost == null && (passwordGiven || o.imapTls)) {
            throw new UsageException("--password/--imap-tls need --imap host:port");
        }
        return o;
    }

    private static int intValue(String name, String value, int min, int max) throws UsageException {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ": " + value);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs an integer: " + value);
        }
    }

    private static String address(String name, String value) throws UsageException {
        String a = value.trim();
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1 || a.chars().anyMatch(c -> c <= ' ' || c > 126 || c == '<' || c == '>' || c == ',')) {
            throw new UsageException("bad address for " + name + ": " + value);
        }
        return a;
    }

    static final class HostPort {
        final String host;
        final int port;

        private HostPort(String host, int port) {
            this.host = host;
            this.port = port;
        }

        static HostPort parse(String name, String value) throws UsageException {
            String v = value.trim();
            int colon = v.lastIndexOf(':');
            if (colon <= 0 || colon == v.length() - 1) {
                throw new UsageException(name + " needs host:port: " + value);
            }
            String host = v.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs a numeric port: " + value);
            }
            if (port < 1 || port > 65535) {
                throw new UsageException(name + " port out of range: " + value);
            }
            return new HostPort(host, port);
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(Arrays.asList(
            "smtp=" + smtpHost + ":" + smtpPort,
            "messages=" + messages,
            "size=" + size,
            "connections=" + connections,
            "warmup=" + warmup,
            "from=" + from,
            "to=" + String.join(",", to)));
        if (verify()) {
            parts.add("imap=" + imapHost + ":" + imapPort + (imapTls ? " (tls)" : ""));
            parts.add("verify-timeout=" + verifyTimeoutSeconds + "s");
        }
        return String.join(" ", parts);
    }
}
