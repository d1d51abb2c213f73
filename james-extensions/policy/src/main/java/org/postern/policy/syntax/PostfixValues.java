package org.postern.policy.syntax;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

import org.postern.config.InvalidConfigurationException;

/** Postfix's syntax for booleans, reply codes and times in main.cf values. */
public final class PostfixValues {
    private PostfixValues() {
    }

    /**
     * Sets on {@code target} each main.cf parameter of {@code setters} that {@code parameters} holds; absent
     * ones keep the target's value.
     *
     * @param source the file, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and why its value is refused
     */
    public static <T> void applyParameters(String source, Map<String, String> parameters,
                                           Map<String, BiConsumer<T, String>> setters, T target) {
        for (Map.Entry<String, BiConsumer<T, String>> setter : setters.entrySet()) {
            String value = parameters.get(setter.getKey());
            if (value == null) {
                continue;
            }
            try {
                setter.getValue().accept(target, value);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(source + ": " + setter.getKey() + ": " + e.getMessage());
            }
        }
    }

    /** {@code yes}/{@code no} (Postfix also takes true/false). */
    public static boolean parseBoolean(String value) {
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "yes":
            case "true":
                return true;
            case "no":
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("'" + value + "' is not yes or no");
        }
    }

    /** A reply code between 400 and 599, the only codes a restriction may answer with. */
    public static int parseRejectCode(String value) {
        String trimmed = value.strip();
        if (!trimmed.matches("[45][0-9][0-9]")) {
            throw new IllegalArgumentException("'" + value + "' is not a 4xx or 5xx reply code");
        }
        return Integer.parseInt(trimmed);
    }

    /** A time such as {@code 100s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 1w}; a bare number is seconds. */
    public static Duration parseTime(String value) {
        String trimmed = value.strip().toLowerCase(Locale.ROOT);
        if (!trimmed.matches("[0-9]+[smhdw]?")) {
            throw new IllegalArgumentException("'" + value + "' is not a time such as 100s, 5m or 1h");
        }
        char unit = trimmed.charAt(trimmed.length() - 1);
        long amount = Long.parseLong(Character.isDigit(unit) ? trimmed : trimmed.substring(0, trimmed.length() - 1));
        switch (unit) {
            case 'm':
                return Duration.ofMinutes(amount);
            case 'h':
                return Duration.ofHours(amount);
            case 'd':
                return Duration.ofDays(amount);
            case 'w':
                return Duration.ofDays(7 * amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }

    /** A non-negative whole number. */
    public static int parseCount(String value) {
        String trimmed = value.strip();
        if (!trimmed.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        return Integer.parseInt(trimmed);
    }
}
