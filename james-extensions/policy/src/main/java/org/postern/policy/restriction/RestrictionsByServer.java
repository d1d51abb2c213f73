package org.postern.policy.restriction;

import java.util.Optional;
import java.util.Set;

/**
 * The restriction lists in force, per SMTP server ("smtp", "submission", "smtps": the jmxName of each
 * {@code <smtpserver>} in smtpserver.xml), as parsed at startup from the policy file. The SMTP hooks use it
 * to answer each command; webadmin's dry run uses it to evaluate a hypothetical transaction.
 */
public interface RestrictionsByServer {

    Set<String> servers();

    Optional<ServerRestrictions> forServer(String server);
}
