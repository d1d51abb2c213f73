package org.postern.policy.table;

import java.util.Collection;
import java.util.Optional;

/**
 * What a search found: the key that matched (e.g. {@code example.com} for {@code user@sub.example.com}) and
 * its value, so logs can say which entry decided.
 */
public record TableMatch(String key, String value) {

    /**
     * The first of the keys, in order, that the table has. As in Postfix, the first key found ends the search
     * whatever its value (a {@code DUNNO} value stops the search for shorter keys too).
     *
     * @throws TableLookupException when the table cannot answer
     */
    public static Optional<TableMatch> firstOf(LookupTable table, Collection<String> keys) {
        for (String key : keys) {
            Optional<String> value = table.lookup(key);
            if (value.isPresent()) {
                return Optional.of(new TableMatch(key, value.get()));
            }
        }
        return Optional.empty();
    }
}
