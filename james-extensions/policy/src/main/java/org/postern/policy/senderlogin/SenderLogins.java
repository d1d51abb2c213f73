package org.postern.policy.senderlogin;

import java.util.Set;

/**
 * Which SASL logins may use a sender address (Postfix's {@code smtpd_sender_login_maps}), for
 * {@code reject_sender_login_mismatch} and its variants.
 */
public interface SenderLogins {

    /**
     * The logins that own {@code senderAddress}; empty when nobody owns it.
     *
     * @throws org.postern.policy.table.TableLookupException when the owners cannot be looked up now
     */
    Set<String> ownersOf(String senderAddress);
}
