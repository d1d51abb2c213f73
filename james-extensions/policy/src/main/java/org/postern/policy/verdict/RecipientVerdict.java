package org.postern.policy.verdict;

import java.util.Objects;

/**
 * One recipient as the door accepted it.
 *
 * @param address        the address as accepted (with the default domain appended to a bare name)
 * @param recipientClass where its mail goes
 * @param list           the restriction list whose answer accepted it ({@code smtpd_relay_restrictions}); empty when
 *                       no list decided (they all answered DUNNO)
 * @param check          the restriction that accepted it ({@code permit_sasl_authenticated}); empty likewise
 */
public record RecipientVerdict(String address, RecipientClass recipientClass, String list, String check) {
    public RecipientVerdict {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(recipientClass, "recipientClass");
        list = list == null ? "" : list;
        check = check == null ? "" : check;
    }
}
