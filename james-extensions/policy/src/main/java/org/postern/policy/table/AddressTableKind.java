package org.postern.policy.table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.postern.policy.syntax.MailboxSyntax;

/**
 * The table kinds that map addresses and need nothing but syntax to check their values. Their search order is
 * that of Postfix's virtual(5), relocated(5), generic(5) and relay_recipient_maps for a virtual domain:
 * {@code user+ext@domain}, {@code user@domain}, {@code @domain}; transport(5) adds the domain, its parent
 * domains as {@code .parent} and {@code *}.
 */
public final class AddressTableKind implements TableKind {
    private static final Pattern DOMAIN_TARGET = Pattern.compile("@[^@\\s,<>]+");
    private static final Pattern TRANSPORT = Pattern.compile("[a-z0-9_-]*:.*", Pattern.DOTALL);
    private static final int MAX_REPLY_TEXT = 400;

    /** relocated(5): the new address, or text for the reply ("User has moved to ..."). */
    public static final AddressTableKind RELOCATED = new AddressTableKind("relocated", false, AddressTableKind::replyText);
    /** virtual(5) aliases: one or more addresses, separated by commas or blanks; {@code @domain} for a domain alias. */
    public static final AddressTableKind VIRTUAL_ALIAS = new AddressTableKind("virtual_alias", false, AddressTableKind::addresses);
    /** relay_recipient_maps: any value (Postfix's convention is OK); the key alone says who is valid. */
    public static final AddressTableKind RELAY_RECIPIENTS = new AddressTableKind("relay_recipients", false, value -> {
    });
    /** transport(5): {@code transport:nexthop}, e.g. {@code smtp:[mail.example.com]:25}, {@code relay:}, {@code error:text}. */
    public static final AddressTableKind TRANSPORT_ROUTES = new AddressTableKind("transport", true, AddressTableKind::transport);
    /** generic(5): the address that replaces the key. */
    public static final AddressTableKind GENERIC = new AddressTableKind("generic", false, AddressTableKind::address);

    private final String name;
    private final boolean domainKeys;
    private final Consumer<String> check;

    private AddressTableKind(String name, boolean domainKeys, Consumer<String> check) {
        this.name = name;
        this.domainKeys = domainKeys;
        this.check = check;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void checkValue(String value) {
        TableStore.checkedValue(value);
        check.accept(value.strip());
    }

    @Override
    public List<String> addressKeys(String address, RecipientDelimiter delimiter) {
        String lowerCase = address.toLowerCase(Locale.ROOT);
        Set<String> keys = new LinkedHashSet<>();
        keys.add(lowerCase);
        delimiter.strip(lowerCase).ifPresent(keys::add);
        int at = lowerCase.lastIndexOf('@');
        if (at >= 0) {
            String domain = lowerCase.substring(at + 1);
            keys.add("@" + domain);
            if (domainKeys) {
                keys.addAll(new DomainSearch(false).nameAndParents(domain));
                keys.add("*");
            }
        }
        return new ArrayList<>(keys);
    }

    @Override
    public String toString() {
        return name;
    }

    private static void replyText(String value) {
        if (value.length() > MAX_REPLY_TEXT) {
            throw new IllegalArgumentException("longer than " + MAX_REPLY_TEXT + " characters: it goes into an SMTP reply");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("only printable ASCII fits in an SMTP reply");
        }
    }

    private static void addresses(String value) {
        for (String target : value.split("[\\s,]+")) {
            if (!target.isEmpty() && !DOMAIN_TARGET.matcher(target).matches()) {
                address(target);
            }
        }
    }

    private static void address(String value) {
        if (!MailboxSyntax.isValid(value)) {
            throw new IllegalArgumentException(MailboxSyntax.problem(value));
        }
    }

    private static void transport(String value) {
        if (!TRANSPORT.matcher(value).matches()) {
            throw new IllegalArgumentException("\"" + value + "\" is not transport:nexthop (smtp:[mail.example.com]:25,"
                + " relay:, error:text...)");
        }
    }
}
