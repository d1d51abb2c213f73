package org.postern.policy.limits;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.Networks;

/**
 * Postfix's {@code smtpd_forbid_bare_newline} (the SMTP smuggling defence, CVE-2023-51764) for one SMTP server,
 * and {@code smtpd_forbid_bare_newline_exclusions} ({@code $mynetworks}): clients it does not apply to.
 * <ul>
 * <li>{@code normalize} (the default): a line ending in a bare LF is taken as ending in CRLF, but the end of
 *     DATA must be {@code <CR><LF>.<CR><LF>} exactly: a "." reached through a bare LF is message text;</li>
 * <li>{@code reject} (or {@code yes}): a command or message line ending in a bare LF gets
 *     {@code 550 5.5.2 Error: bare <LF> received} and the connection is closed;</li>
 * <li>{@code no}: a bare LF ends a line, the end of DATA included (for excluded clients too).</li>
 * </ul>
 * A bare CR inside a message line is never stored or relayed as it is: it becomes a line break, or, with
 * {@code reject}, is refused like a bare LF.
 */
public record BareNewlines(Mode mode, Networks exclusions) {
    public static final String MODE = "smtpd_forbid_bare_newline";
    public static final String EXCLUSIONS = "smtpd_forbid_bare_newline_exclusions";
    public static final Set<String> PARAMETERS = Set.of(MODE, EXCLUSIONS);

    public enum Mode {
        NORMALIZE, REJECT, NO
    }

    /**
     * @param source the file, named in errors
     * @throws InvalidConfigurationException naming the file, the parameter and the value
     */
    public static BareNewlines fromParameters(String source, Map<String, String> parameters, Networks mynetworks) {
        String value = parameters.getOrDefault(MODE, "normalize").strip().toLowerCase(Locale.ROOT);
        Mode mode = switch (value) {
            case "normalize" -> Mode.NORMALIZE;
            case "reject", "yes" -> Mode.REJECT;
            case "no" -> Mode.NO;
            default -> throw new InvalidConfigurationException(source + ": " + MODE + ": '" + value
                + "' is not one of normalize, reject, yes, no");
        };
        String exclusions = parameters.get(EXCLUSIONS);
        return new BareNewlines(mode, exclusions == null ? mynetworks : Networks.parse(source, EXCLUSIONS, exclusions));
    }

    /** What applies to a client: {@link Mode#NO} for an excluded one. */
    public Mode modeFor(String clientAddress) {
        return exclusions.contains(clientAddress) ? Mode.NO : mode;
    }
}
