package org.postern.policy.restriction;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.Networks;
import org.postern.policy.syntax.PostfixValues;

/**
 * The main.cf parameters of one SMTP server (the global ones with its {@code [section]} overrides), as the
 * features read them: a parameter the file does not set has the default its feature declared. A value that
 * does not parse is an {@link InvalidConfigurationException} naming the file, the parameter and the value.
 */
public final class ServerParameters {
    private final String source;
    private final Map<String, String> values;
    private final Map<String, String> defaults;
    private final Networks mynetworks;

    /**
     * @param source   the file (and section) the values come from, named in every error
     * @param values   the parameters as written (variables already expanded)
     * @param defaults every declared parameter's default
     */
    public ServerParameters(String source, Map<String, String> values, Map<String, String> defaults, Networks mynetworks) {
        this.source = source;
        this.values = Map.copyOf(values);
        this.defaults = Map.copyOf(defaults);
        this.mynetworks = mynetworks;
    }

    /** The file (and section) these parameters come from, for error messages. */
    public String source() {
        return source;
    }

    /** This server's mynetworks, parsed once (permit_mynetworks and the limits' exceptions share it). */
    public Networks mynetworks() {
        return mynetworks;
    }

    /** The value as written, or the declared default. */
    public String string(String name) {
        String value = values.get(name);
        if (value != null) {
            return value;
        }
        String defaultValue = defaults.get(name);
        if (defaultValue == null) {
            throw new IllegalStateException(name + " is read but no feature declares it");
        }
        return defaultValue;
    }

    /**
     * The value parsed by {@code parser}, whose {@link IllegalArgumentException} becomes a startup error naming
     * the file, the parameter and the reason.
     */
    public <T> T get(String name, Function<String, T> parser) {
        String value = string(name);
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(source + ": " + name + ": " + e.getMessage());
        }
    }

    /** {@code yes} or {@code no}. */
    public boolean bool(String name) {
        return get(name, PostfixValues::parseBoolean);
    }

    /** A 4xx or 5xx reply code. */
    public int rejectCode(String name) {
        return get(name, PostfixValues::parseRejectCode);
    }

    /** A time such as {@code 100s} or {@code 5m}. */
    public Duration time(String name) {
        return get(name, PostfixValues::parseTime);
    }

    /** A non-negative whole number. */
    public int count(String name) {
        return get(name, PostfixValues::parseCount);
    }
}
