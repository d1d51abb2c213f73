package org.postern.policy.verdict;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something an access map or a policy service asked to be done to the accepted message (access(5)'s message
 * actions), carried out in the mail pipeline.
 *
 * @param kind     what to do
 * @param argument the address of REDIRECT and BCC, the header line of PREPEND, {@code transport:destination} of
 *                 FILTER, the reason of HOLD (empty when none was given)
 * @param list     the restriction list that found it
 * @param check    the restriction that found it ({@code check_client_access db:clients})
 */
public record PolicyAction(Kind kind, String argument, String list, String check) {

    public enum Kind {
        /** Keep the message in the hold area until an admin releases or deletes it (postsuper -h). */
        HOLD,
        /** Deliver the message to this address instead of its recipients; the last REDIRECT wins. */
        REDIRECT,
        /** Send one more copy to this address; the last BCC wins. */
        BCC,
        /** Add this header line at the top of the message; several are added in the order they were found. */
        PREPEND,
        /** Route the message through this transport; the last FILTER wins (needs transports to be carried out). */
        FILTER;

        public static Optional<Kind> of(String name) {
            try {
                return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    public PolicyAction {
        Objects.requireNonNull(kind, "kind");
        argument = argument == null ? "" : argument;
        list = list == null ? "" : list;
        check = check == null ? "" : check;
    }
}
