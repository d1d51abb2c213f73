package org.postern.policy.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.table.AddressTableKind;
import org.postern.policy.table.LookupTable;
import org.postern.policy.table.RecipientDelimiter;
import org.postern.policy.table.TableMatch;
import org.postern.policy.table.TableResolver;

/**
 * Postfix's relocated_maps: users who moved, looked up as relocated(5) says ({@code user+ext@domain},
 * {@code user@domain}, {@code @domain}; a pattern table gets the whole address), the first table that knows the
 * address answering. The SMTP door refuses them at RCPT ({@code 550 5.1.6 ... User has moved to ...}); the
 * pipeline bounces mail that reached it without that check.
 */
public final class RelocatedUsers {
    private final List<LookupTable> tables;
    private final RecipientDelimiter delimiter;

    public RelocatedUsers(List<LookupTable> tables, RecipientDelimiter delimiter) {
        this.tables = List.copyOf(tables);
        this.delimiter = delimiter;
    }

    /**
     * Opens the tables relocated_maps names.
     *
     * @param source where relocated_maps was written, for errors
     * @throws InvalidConfigurationException naming the source and the table when one cannot be opened
     */
    public static RelocatedUsers open(List<String> references, TableResolver resolver, RecipientDelimiter delimiter,
                                      String source) {
        List<LookupTable> opened = new ArrayList<>();
        for (String reference : references) {
            try {
                opened.add(resolver.open(reference, AddressTableKind.RELOCATED));
            } catch (IllegalArgumentException | InvalidConfigurationException e) {
                throw new InvalidConfigurationException(source + ": relocated_maps: \"" + reference + "\": " + e.getMessage());
            }
        }
        return new RelocatedUsers(opened, delimiter);
    }

    /** True when relocated_maps names no table. */
    public boolean isEmpty() {
        return tables.isEmpty();
    }

    /**
     * Where the user moved (the table's value: an address or any text), or empty.
     *
     * @throws org.postern.policy.table.TableLookupException when a table cannot answer now
     */
    public Optional<String> movedTo(String address) {
        if (tables.isEmpty() || address.indexOf('@') < 0) {
            return Optional.empty();
        }
        List<String> keys = AddressTableKind.RELOCATED.addressKeys(address, delimiter);
        for (LookupTable table : tables) {
            Optional<TableMatch> found = TableMatch.firstOf(table, table.matchesWholeString() ? List.of(address) : keys);
            if (found.isPresent()) {
                return Optional.of(found.get().value());
            }
        }
        return Optional.empty();
    }
}
