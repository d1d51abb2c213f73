package org.postern.policy.access;

import java.util.List;

import org.postern.policy.table.AddressSearch;
import org.postern.policy.table.RecipientDelimiter;
import org.postern.policy.table.TableKind;

/**
 * access(5) tables: values are access actions ({@code OK}, {@code REJECT text}, {@code 550 text},
 * {@code HOLD}, {@code PREPEND header: value}, restriction names...), checked as the SMTP server reads them;
 * an address is looked up as access(5) says ({@code user+ext@domain}, {@code user@domain}, the domain and its
 * parents, {@code user+ext@}, {@code user@}).
 */
public final class AccessTableKind implements TableKind {
    public static final AccessTableKind ACCESS = new AccessTableKind();

    private AccessTableKind() {
    }

    @Override
    public String name() {
        return "access";
    }

    @Override
    public void checkValue(String value) {
        AccessAction.parse(value);
    }

    @Override
    public List<String> addressKeys(String address, RecipientDelimiter delimiter) {
        return new AddressSearch(delimiter.toString(), true, AddressSearch.DEFAULT_NULL_ACCESS_LOOKUP_KEY)
            .keys(address);
    }

    @Override
    public String toString() {
        return name();
    }
}
