package org.postern.policy.table;

import org.postern.config.InvalidConfigurationException;

/**
 * One logical line of a Postfix table file: a line plus the continuation lines joined to it.
 *
 * @param source the file it was read from (or "the request body"), for messages
 * @param number the physical line number where the logical line starts (1-based)
 * @param text   the text, continuation lines appended as they are (with their leading whitespace)
 */
record LogicalLine(String source, int number, String text) {

    /** An error that names the file and line, in the one format every table uses: "PATH line N: reason". */
    InvalidConfigurationException error(String reason) {
        return new InvalidConfigurationException(where() + ": " + reason);
    }

    InvalidConfigurationException error(String reason, Throwable cause) {
        return new InvalidConfigurationException(where() + ": " + reason, cause);
    }

    String where() {
        return source + " line " + number;
    }
}
