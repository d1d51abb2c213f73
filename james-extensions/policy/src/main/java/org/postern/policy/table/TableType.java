package org.postern.policy.table;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of lookup table an admin can name in a restriction list, and the prefixes that select them.
 *
 * <p>Postfix's indexed types ({@code hash:}, {@code lmdb:}, ...) are built by postmap(1) from a text source
 * file; admins paste references such as {@code hash:/etc/postfix/access}, so those prefixes select
 * {@link #FILE} and we read the text source itself, never the binary {@code .db}.
 */
public enum TableType {
    /** Postfix text map ("key whitespace value"), as read by postmap(1) and texthash. */
    FILE("file", "hash", "texthash", "lmdb", "btree", "cdb", "dbm", "sdbm"),
    /** Postfix cidr_table(5). */
    CIDR("cidr"),
    /** Postfix regexp_table(5): POSIX regular expressions. */
    REGEXP("regexp"),
    /** Postfix pcre_table(5): Perl-style regular expressions, close to java.util.regex. */
    PCRE("pcre"),
    /** A table stored in the server's database and managed over webadmin. */
    DB("db");

    private final List<String> prefixes;

    TableType(String... prefixes) {
        this.prefixes = List.of(prefixes);
    }

    /** The prefix we write for this type, e.g. {@code file}. */
    public String prefix() {
        return prefixes.get(0);
    }

    /** Every prefix that selects this type, ours first. */
    public List<String> prefixes() {
        return prefixes;
    }

    static Optional<TableType> forPrefix(String prefix) {
        String lowerCase = prefix.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.prefixes.contains(lowerCase)).findFirst();
    }

    /** For error messages: "file, cidr, regexp, pcre, db (and Postfix's hash, texthash, ... read as file)". */
    static String describeAccepted() {
        String ours = Arrays.stream(values()).map(TableType::prefix).collect(Collectors.joining(", "));
        String aliases = String.join(", ", FILE.prefixes.subList(1, FILE.prefixes.size()));
        return ours + " (and Postfix's " + aliases + ", read as file:)";
    }
}
