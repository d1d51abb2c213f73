package org.postern.policy.virtual;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Postfix's virtual alias expansion (virtual(5), cleanup's virtual_alias_maps), for the SMTP door (is this
 * recipient deliverable?) and the mail pipeline (where does it go?). For an address of a hosted domain, in order:
 * <ol>
 * <li>{@code user+ext@domain}, then {@code user@domain} (the extension then travels to each target,
 *     Postfix's propagate_unmatched_extensions), in the alias table;</li>
 * <li>a mailbox {@code user@domain}: delivered there, with its extension (an address with its own mailbox beats
 *     the catch-all, Postfix's self-alias rule);</li>
 * <li>a role account ({@code postmaster}, {@code abuse}: virtual_role_accounts): the server's postmaster;</li>
 * <li>{@code @domain}: the catch-all's targets, or the same address in the domain it is an alias of.</li>
 * </ol>
 * Targets are expanded the same way, recursively; an address of another domain is a forward. A target equal to
 * the address itself is that address's mailbox. Each address is expanded once (lists that share members cost
 * one lookup per member, not one per way to it), and the final addresses are kept once each. An address that
 * leads back to one on its own way is a {@link Expansion.Status#LOOP}, as is nesting deeper than
 * {@value #RECURSION_LIMIT}; more than {@value #EXPANSION_LIMIT} final addresses, or more than
 * {@value #ADDRESS_LIMIT} addresses looked at in all, are {@link Expansion.Status#TOO_MANY}.
 * Thread-safe if its collaborators are.
 */
public final class VirtualAliases {
    /** Nesting deeper than this is a loop, whatever the table says (Postfix's virtual_alias_recursion_limit is 1000). */
    public static final int RECURSION_LIMIT = 100;
    /** Postfix's virtual_alias_expansion_limit. */
    public static final int EXPANSION_LIMIT = 1000;
    /** Aliases looked up for one address, intermediate lists included: what one RCPT may cost the tables. */
    public static final int ADDRESS_LIMIT = 10 * EXPANSION_LIMIT;

    private final VirtualAliasTable table;
    private final Mailboxes mailboxes;

    public VirtualAliases(VirtualAliasTable table, Mailboxes mailboxes) {
        this.table = table;
        this.mailboxes = mailboxes;
    }

    /**
     * @param address an address with its domain
     * @throws org.postern.policy.table.TableLookupException when the alias table or the mailboxes cannot answer
     */
    public Expansion expand(String address, VirtualSettings settings) {
        return new Walk(address.toLowerCase(Locale.ROOT), settings).run();
    }

    private final class Walk {
        private final String original;
        private final VirtualSettings settings;
        private final Map<String, Expansion.Delivery> deliveries = new LinkedHashMap<>();
        private final Set<String> expanded = new HashSet<>();
        private Expansion failure;

        private Walk(String original, VirtualSettings settings) {
            this.original = original;
            this.settings = settings;
        }

        private Expansion run() {
            walk(original, new ArrayDeque<>());
            if (failure != null) {
                return failure;
            }
            return new Expansion(Expansion.Status.DELIVERED, deliveries.values().stream().toList(), "");
        }

        /** Follows one address; false once the expansion has failed. */
        private boolean walk(String address, Deque<String> path) {
            int at = address.lastIndexOf('@');
            if (at <= 0 || at == address.length() - 1) {
                return fail(Expansion.Status.UNKNOWN, address);
            }
            String domain = address.substring(at + 1);
            if (!mailboxes.isHostedDomain(domain)) {
                return deliver(address, "", false);
            }
            if (path.contains(address) || path.size() >= RECURSION_LIMIT) {
                return fail(Expansion.Status.LOOP, String.join(" -> ", path) + " -> " + address);
            }
            if (expanded.contains(address)) {
                return true;
            }
            if (expanded.size() >= ADDRESS_LIMIT) {
                return fail(Expansion.Status.TOO_MANY, original + " leads to more than " + ADDRESS_LIMIT + " addresses");
            }
            expanded.add(address);
            Optional<String> stripped = settings.delimiter().strip(address);
            String mailbox = stripped.orElse(address);
            String localPart = mailbox.substring(0, mailbox.lastIndexOf('@'));
            String extension = stripped.isPresent() ? address.substring(localPart.length() + 1, at) : "";
            path.addLast(address);
            try {
                Optional<AliasEntry> entry = table.lookup(address);
                boolean unmatchedExtension = false;
                if (entry.isEmpty() && stripped.isPresent()) {
                    entry = table.lookup(mailbox);
                    unmatchedExtension = entry.isPresent();
                }
                if (entry.isPresent()) {
                    return follow(entry.get(), address, mailbox, unmatchedExtension ? address.charAt(localPart.length()) + extension : "",
                        extension, path);
                }
                if (mailboxes.hasMailbox(mailbox)) {
                    return deliver(mailbox, extension, true);
                }
                if (settings.roleAccounts().contains(localPart)) {
                    Optional<String> postmaster = mailboxes.postmaster().map(value -> value.toLowerCase(Locale.ROOT));
                    if (postmaster.isPresent() && !postmaster.get().equals(mailbox) && !path.contains(postmaster.get())) {
                        return walk(postmaster.get(), path);
                    }
                }
                Optional<AliasEntry> catchAll = table.lookup("@" + domain);
                if (catchAll.isEmpty()) {
                    return fail(Expansion.Status.UNKNOWN, address);
                }
                if (catchAll.get() instanceof AliasEntry.DomainAlias alias) {
                    return walk(address.substring(0, at) + "@" + alias.domain().toLowerCase(Locale.ROOT), path);
                }
                return follow(catchAll.get(), address, mailbox, "", extension, path);
            } finally {
                path.removeLast();
            }
        }

        /** The targets of an entry; {@code propagated} (delimiter and extension) is appended to each target's local part. */
        private boolean follow(AliasEntry entry, String address, String mailbox, String propagated, String extension,
                               Deque<String> path) {
            if (entry instanceof AliasEntry.Refused refused) {
                return fail(Expansion.Status.REFUSED, refused.text());
            }
            if (entry instanceof AliasEntry.DomainAlias alias) {
                return walk(address.substring(0, address.lastIndexOf('@')) + "@" + alias.domain().toLowerCase(Locale.ROOT), path);
            }
            for (String written : ((AliasEntry.Addresses) entry).targets()) {
                String target = withExtension(written.toLowerCase(Locale.ROOT), propagated);
                boolean self = target.equals(address) || target.equals(mailbox);
                boolean followed = self
                    ? (mailboxes.hasMailbox(mailbox) ? deliver(mailbox, extension, true) : fail(Expansion.Status.UNKNOWN, mailbox))
                    : walk(target, path);
                if (!followed) {
                    return false;
                }
            }
            return true;
        }

        private boolean deliver(String address, String extension, boolean local) {
            deliveries.putIfAbsent(address, new Expansion.Delivery(address, original, extension, local));
            if (deliveries.size() > EXPANSION_LIMIT) {
                return fail(Expansion.Status.TOO_MANY, original + " expands to more than " + EXPANSION_LIMIT + " addresses");
            }
            return true;
        }

        private boolean fail(Expansion.Status status, String detail) {
            if (failure == null) {
                failure = Expansion.failed(status, detail);
            }
            return false;
        }
    }

    /** {@code bob@x} with {@code +news} is {@code bob+news@x}. */
    private static String withExtension(String address, String propagated) {
        int at = address.lastIndexOf('@');
        if (propagated.isEmpty() || at <= 0) {
            return address;
        }
        return address.substring(0, at) + propagated + address.substring(at);
    }
}
