package org.postern.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a run of {@link SmtpLoadGenerator} measured. Immutable once the run is over. */
final class LoadReport {

    final LoadOptions options;
    final String runId;

    int warmupAccepted;
    int measuredAccepted;
    int failures;
    final List<String> firstFailures = new ArrayList<>();
    int connectionsOpened;
    long elapsedNanos;
    /** Latencies of the accepted measured messages, ascending. */
    long[] latenciesNanos = new long[0];
    long bytesBuilt;
    int messagesBuilt;

    /** Delivery verification (only when options.verify()). */
    String verificationError;
    long expectedDeliveries;
    long delivered;
    boolean fullyDelivered;
    /** From the last 250 after DATA to the poll that saw every INBOX complete; -1 when never. */
    long timeToFullDeliveryNanos = -1;
    List<String> perRecipient = new ArrayList<>();

    LoadReport(LoadOptions options, String runId) {
        this.options = options;
        this.runId = runId;
    }

    int accepted() {
        return warmupAccepted + measuredAccepted;
    }

    double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    double messagesPerSecond() {
        return elapsedNanos <= 0 ? 0 : measuredAccepted / elapsedSeconds();
    }

    /** Nearest-rank percentile of the accepted measured messages, in milliseconds; NaN when none. */
    double percentileMillis(double p) {
        if (latenciesNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * latenciesNanos.length);
        rank = Math.max(1, Math.min(latenciesNanos.length, rank));
        return latenciesNanos[rank - 1] / 1e6;
    }

    double maxMillis() {
        return latenciesNanos.length == 0 ? Double.NaN : latenciesNanos[latenciesNanos.length - 1] / 1e6;
    }

    double meanMillis() {
        return latenciesNanos.length == 0 ? Double.NaN : Arrays.stream(latenciesNanos).average().orElse(0) / 1e6;
    }

    double averageMessageBytes() {
        return messagesBuilt == 0 ? 0 : (double) bytesBuilt / messagesBuilt;
    }

    boolean verificationOk() {
        return !options.verify() || (verificationError == null && fullyDelivered);
    }

    int exitCode() {
        return failures == 0 && verificationOk() ? 0 : 1;
    }

    void print(PrintStream out) {
        LoadOptions o = options;
        out.println("== Results (" + o.connections + " connection" + (o.connections == 1 ? "" : "s") + ", "
            + o.size + " B messages) ==");
        out.printf(Locale.ROOT, "  accepted          : %d of %d measured (warmup: %d of %d)%n",
            measuredAccepted, o.messages, warmupAccepted, o.warmup);
        out.printf(Locale.ROOT, "  failures          : %d%n", failures);
        for (String f : firstFailures) {
            out.println("      " + f);
        }
        if (failures > firstFailures.size()) {
            out.println("      ... (" + (failures - firstFailures.size()) + " more)");
        }
        out.printf(Locale.ROOT, "  connections opened: %d%n", connectionsOpened);
        out.printf(Locale.ROOT, "  average size      : %.0f bytes%n", averageMessageBytes());
        out.printf(Locale.ROOT, "  elapsed           : %.3f s%n", elapsedSeconds());
        out.printf(Locale.ROOT, "  throughput        : %.1f accepted messages/s%n", messagesPerSecond());
        out.printf(Locale.ROOT, "  latency (ms)      : p50 %s  p90 %s  p99 %s  max %s  (mean %s)%n",
            ms(percentileMillis(50)), ms(percentileMillis(90)), ms(percentileMillis(99)), ms(maxMillis()), ms(meanMillis()));
        if (o.verify()) {
            if (verificationError != null) {
                out.println("  delivery          : NOT VERIFIED: " + verificationError);
            } else if (fullyDelivered) {
                out.printf(Locale.ROOT, "  delivery          : delivered %d of %d; full delivery %.3f s after the last accept%n",
                    delivered, expectedDeliveries, timeToFullDeliveryNanos / 1e9);
            } else {
                out.printf(Locale.ROOT, "  delivery          : INCOMPLETE: delivered %d of %d within %d s after the last accept%n",
                    delivered, expectedDeliveries, o.verifyTimeoutSeconds);
            }
            for (String line : perRecipient) {
                out.println("      " + line);
            }
        } else {
            out.println("  delivery          : not verified (no --imap)");
        }
        out.println("RESULT: " + (exitCode() == 0 ? "OK" : "FAILED"));
        out.println(summaryLine());
    }

    /** One machine-readable line, for scripts: {@code SUMMARY key=value ...}. */
    String summaryLine() {
        StringBuilder sb = new StringBuilder("SUMMARY");
        kv(sb, "connections", o().connections);
        kv(sb, "size", o().size);
        kv(sb, "messages", o().messages);
        kv(sb, "accepted", measuredAccepted);
        kv(sb, "failures", failures);
        kv(sb, "elapsed_s", String.format(Locale.ROOT, "%.3f", elapsedSeconds()));
        kv(sb, "msgs_per_s", String.format(Locale.ROOT, "%.1f", messagesPerSecond()));
        kv(sb, "p50_ms", ms(percentileMillis(50)));
        kv(sb, "p90_ms", ms(percentileMillis(90)));
        kv(sb, "p99_ms", ms(percentileMillis(99)));
        kv(sb, "max_ms", ms(maxMillis()));
        if (o().verify()) {
            boolean counted = verificationError == null;
            kv(sb, "delivered", counted ? String.valueOf(delivered) : "n/a");
            kv(sb, "expected", counted ? String.valueOf(expectedDeliveries) : "n/a");
            kv(sb, "delivery_s", fullyDelivered && verificationError == null
                ? String.format(Locale.ROOT, "%.3f", timeToFullDeliveryNanos / 1e9) : "n/a");
        }
        kv(sb, "result", exitCode() == 0 ? "OK" : "FAILED");
        return sb.toString();
    }

    private LoadOptions o() {
        return options;
    }

    private static void kv(StringBuilder sb, String k, Object v) {
        sb.append(' ').append(k).append('=').append(v);
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
