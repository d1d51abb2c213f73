package org.postern.policy.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.postern.config.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsed content of a table file, parsed again when the file changes.
 *
 * <p>The first load happens in the constructor and throws, so a bad file stops the server. After that,
 * {@link #content()} looks at the file's modification time, size and identity at most once per
 * {@link ReloadSchedule#interval()}; the lookup that notices a change does the work while the other threads
 * keep answering from the previous content instead of waiting.
 *
 * <p>A change is parsed only once the file has looked the same for {@link ReloadSchedule#settle()}, and the
 * result is published only if the file did not change while it was parsed: an admin's editor or script that
 * truncates the file and then writes it must not make the table empty for a moment (the truncation does not
 * always move the file's timestamps, so only waiting for the file to settle catches it). Postfix's texthash
 * waits for a "hot" file to cool down in the same spirit.
 *
 * <p>A reload that fails keeps the previous content, logs the file, line and reason once, and is retried only
 * when the file changes again: a lookup never throws because an admin saved a broken file.
 *
 * @param <T> the immutable parsed form of the file
 */
final class WatchedFile<T> {

    private static final Logger LOGGER = LoggerFactory.getLogger(WatchedFile.class);

    private final Path file;
    private final Function<Path, T> parser;
    private final ReloadSchedule schedule;
    private final ReentrantLock reloading = new ReentrantLock();

    private volatile T content;
    private volatile long nextCheck;
    private volatile String reloadProblem;
    // The fields below are only used under the reloading lock (or in the constructor).
    /** What the file looked like when {@link #content} was parsed; null forces the next check to reload. */
    private FileStamp loadedStamp;
    /** What the file looked like when it last failed to load, so the failure is logged once. */
    private FileStamp failedStamp;
    /** A change not yet parsed, and since when (ticker time) the file has looked like that. */
    private FileStamp settlingStamp;
    private long settlingSince;

    /**
     * @param parser reads and parses the file; throws {@link InvalidConfigurationException} naming the file
     *               and line when it is malformed or unreadable
     */
    WatchedFile(Path file, Function<Path, T> parser, ReloadSchedule schedule) {
        this.file = file;
        this.parser = parser;
        this.schedule = schedule;
        FileStamp before = stampOrThrow();
        this.content = parser.apply(file);
        this.loadedStamp = unchangedSince(before) ? before : null;
        this.nextCheck = schedule.now() + schedule.interval().toNanos();
    }

    /** The current content, reloaded first if the file changed and a check is due. */
    T content() {
        long now = schedule.now();
        if (now - nextCheck >= 0 && reloading.tryLock()) {
            try {
                if (now - nextCheck >= 0) {
                    nextCheck = now + schedule.interval().toNanos();
                    reloadIfChanged();
                }
            } finally {
                reloading.unlock();
            }
        }
        return content;
    }

    /** Why the last reload failed, while the table answers from older content; empty when up to date. */
    Optional<String> reloadProblem() {
        return Optional.ofNullable(reloadProblem);
    }

    private void reloadIfChanged() {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            fail(FileStamp.UNREADABLE, LogicalLines.cannotRead(file, e).getMessage());
            return;
        }
        if (stamp.equals(loadedStamp) || stamp.equals(failedStamp)) {
            settlingStamp = null;
            return;
        }
        long now = schedule.now();
        if (!stamp.equals(settlingStamp)) {
            settlingStamp = stamp;
            settlingSince = now;
        }
        if (now - settlingSince < schedule.settle().toNanos()) {
            return; // the file may still be being written: look again at a later check
        }
        T reloaded;
        try {
            reloaded = parser.apply(file);
        } catch (RuntimeException e) {
            if (unchangedSince(stamp)) {
                fail(stamp, e.getMessage());
            }
            return;
        }
        if (!unchangedSince(stamp)) {
            return; // changed while we read it: what we parsed may be half old, half new; let it settle again
        }
        content = reloaded;
        loadedStamp = stamp;
        settlingStamp = null;
        failedStamp = null;
        reloadProblem = null;
        LOGGER.info("Reloaded lookup table {}", file);
    }

    private boolean unchangedSince(FileStamp stamp) {
        try {
            return FileStamp.of(file).equals(stamp);
        } catch (IOException e) {
            return false;
        }
    }

    private void fail(FileStamp stamp, String problem) {
        if (!stamp.equals(failedStamp)) {
            LOGGER.error("Lookup table {} was not reloaded, it keeps answering from its previous content: {}",
                file, problem);
        }
        failedStamp = stamp;
        reloadProblem = problem;
    }

    private FileStamp stampOrThrow() {
        try {
            return FileStamp.of(file);
        } catch (IOException e) {
            throw LogicalLines.cannotRead(file, e);
        }
    }

    /** What we compare to notice a change: modification time, size and identity (inode) of the file. */
    private record FileStamp(FileTime modified, long size, Object identity) {

        static final FileStamp UNREADABLE = new FileStamp(FileTime.fromMillis(0), -1, "unreadable");

        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new NoSuchFileException(file.toString(), null, "not a regular file");
            }
            return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }
}
