package org.postern.policy.restriction;

import java.util.Locale;

/**
 * What a check does when DNS or a table fails temporarily (Postfix's {@code *_tempfail_action}).
 * {@code defer_if_permit}, the default, answers 4xx only if the request would otherwise be accepted, so a
 * real rejection later in the list still wins; {@code defer} answers 4xx at once.
 */
public enum TempfailAction {
    DEFER_IF_PERMIT, DEFER;

    public static TempfailAction parse(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "defer_if_permit":
                return DEFER_IF_PERMIT;
            case "defer":
                return DEFER;
            default:
                throw new IllegalArgumentException("expected defer_if_permit or defer");
        }
    }
}
