package org.postern.policy.verdict;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How the SMTP door classified an accepted recipient, after Postfix's address classes: what the pipeline may do
 * with mail for it.
 */
public enum RecipientClass {
    /** A domain we host (Postfix's virtual mailbox and alias domains): delivered here, after alias expansion. */
    HOSTED,
    /** A domain we relay for (Postfix's relay_domains, a backup MX): accepted from anyone, delivered elsewhere. */
    RELAY,
    /** Any other domain: accepted only because the client may relay (mynetworks, SASL login, an access map OK). */
    REMOTE;

    /** The lower-case name used in configuration ({@code RecipientClassIs=remote,relay}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class a word names, ignoring case. */
    public static Optional<RecipientClass> of(String word) {
        return Arrays.stream(values()).filter(value -> value.word().equalsIgnoreCase(word.strip())).findFirst();
    }
}
