package org.postern.policy.table;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * When a file table looks at its file and when it trusts a change (see {@link WatchedFile}), measured on a
 * nanosecond ticker.
 *
 * @param interval how often, at most, the file's modification time, size and identity are read
 * @param settle   how long a change must stay the same before the file is parsed, so that a file being
 *                 rewritten in place (truncated, then written) is not published half-written
 * @param ticker   the time, in nanoseconds; tests pass one they move by hand
 */
record ReloadSchedule(Duration interval, Duration settle, LongSupplier ticker) {

    /** Production: look once per second, parse once a change has stayed the same for a second. */
    static ReloadSchedule everySecond() {
        return new ReloadSchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), System::nanoTime);
    }

    long now() {
        return ticker.getAsLong();
    }
}
