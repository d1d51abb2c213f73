package org.postern.webadmin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.commons.configuration2.Configuration;
import org.postern.config.InvalidConfigurationException;

/**
 * What webadmin accepts, from {@code conf/webadmin.properties}:
 * <ul>
 * <li>{@code request.body.limit} (1M): the largest request body; a larger one is answered 413 before it is read;</li>
 * <li>{@code request.body.limit.routes}: larger (or smaller) limits for some routes, as comma-separated
 *     {@code /path/prefix=size} pairs, e.g. {@code /sieve=4M}; the longest matching prefix wins;</li>
 * <li>{@code users.password.minimum.length} (8): the shortest password a user may be given.</li>
 * </ul>
 * Sizes are bytes, or a number followed by K, M or G. A bad value stops startup naming the file and key.
 */
public record WebAdminLimits(long bodyLimit, List<RouteLimit> routeLimits, int passwordMinimumLength) {
    public static final String FILE = "conf/webadmin.properties";
    public static final WebAdminLimits DEFAULTS = new WebAdminLimits(1024 * 1024, List.of(), 8);

    /** A body limit for the routes under a path prefix. */
    public record RouteLimit(String prefix, long limit) {
    }

    public static WebAdminLimits from(Configuration configuration) {
        long body = size("request.body.limit", configuration.getString("request.body.limit", null), DEFAULTS.bodyLimit());
        List<RouteLimit> routes = new ArrayList<>();
        for (String entry : String.join(",", configuration.getStringArray("request.body.limit.routes")).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String prefix = equals < 0 ? "" : entry.substring(0, equals).strip();
            if (equals < 0 || !prefix.startsWith("/")) {
                throw new InvalidConfigurationException(FILE + ": request.body.limit.routes: \"" + entry.strip()
                    + "\" is not /path=size (e.g. /sieve=4M)");
            }
            routes.add(new RouteLimit(prefix, size("request.body.limit.routes", entry.substring(equals + 1), 0)));
        }
        routes.sort(Comparator.comparingInt((RouteLimit route) -> route.prefix().length()).reversed());
        String minimum = configuration.getString("users.password.minimum.length", String.valueOf(DEFAULTS.passwordMinimumLength()))
            .strip();
        if (!minimum.matches("[0-9]{1,3}") || Integer.parseInt(minimum) < 1) {
            throw new InvalidConfigurationException(FILE + ": users.password.minimum.length: '" + minimum
                + "' is not a number of characters (1 or more)");
        }
        return new WebAdminLimits(body, List.copyOf(routes), Integer.parseInt(minimum));
    }

    /** The body limit of a request path. */
    public long bodyLimit(String path) {
        for (RouteLimit route : routeLimits) {
            if (path.equals(route.prefix()) || path.startsWith(route.prefix().endsWith("/") ? route.prefix() : route.prefix() + "/")) {
                return route.limit();
            }
        }
        return bodyLimit;
    }

    private static long size(String key, String value, long defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String text = value.strip().toUpperCase(Locale.ROOT);
        long unit = switch (text.charAt(text.length() - 1)) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            case 'G' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        String digits = unit == 1 ? text : text.substring(0, text.length() - 1);
        if (!digits.matches("[0-9]{1,12}")) {
            throw new InvalidConfigurationException(FILE + ": " + key + ": '" + value.strip()
                + "' is not a size (bytes, or a number followed by K, M or G)");
        }
        return Long.parseLong(digits) * unit;
    }
}
