package org.postern.policy.virtual;

import java.util.Optional;

/** Who receives mail here: the hosted domains and their mailboxes (Postfix's virtual mailbox domains and maps). */
public interface Mailboxes {

    /** True when mail for {@code domain} (lower case) is delivered here. */
    boolean isHostedDomain(String domain);

    /**
     * True when {@code address} (lower case, without extension) has a mailbox here.
     *
     * @throws org.postern.policy.table.TableLookupException when the directory cannot answer now
     */
    boolean hasMailbox(String address);

    /** The server's postmaster, where the role accounts of every hosted domain go; empty when none is set. */
    Optional<String> postmaster();
}
