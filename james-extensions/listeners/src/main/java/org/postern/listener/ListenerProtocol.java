package org.postern.listener;

import org.postern.smtp.SmtpReplies;

/**
 * What each protocol says when a listener turns a client away, in the protocol's own syntax: SMTP's
 * replies are Postfix's where Postfix has one ({@code 421 4.7.0 <host> Error: too many connections from
 * <addr>}, {@code 421 4.4.2 <host> Error: timeout exceeded}), IMAP's untagged BYE (RFC 9051, response codes of
 * RFC 5530), POP3's -ERR (response codes of RFC 3206) and ManageSieve's BYE (RFC 5804).
 */
public enum ListenerProtocol {
    SMTP {
        @Override
        String tooManyConnections(String hostname, String client) {
            return "421 4.7.0 " + hostname + " Error: too many connections from " + client;
        }

        @Override
        public String tooManyLoginFailures(String hostname, String client) {
            return SmtpReplies.tooManyLoginFailures(hostname, client);
        }

        @Override
        String timeout(String hostname) {
            return "421 4.4.2 " + hostname + " Error: timeout exceeded";
        }
    },
    IMAP {
        @Override
        String tooManyConnections(String hostname, String client) {
            return "* BYE [UNAVAILABLE] Too many connections from " + client;
        }

        @Override
        public String tooManyLoginFailures(String hostname, String client) {
            return "* BYE [UNAVAILABLE] Too many failed logins from " + client + ", try again later";
        }

        @Override
        String timeout(String hostname) {
            return "* BYE Disconnected for inactivity";
        }
    },
    POP3 {
        @Override
        String tooManyConnections(String hostname, String client) {
            return "-ERR [SYS/TEMP] Too many connections from " + client;
        }

        @Override
        public String tooManyLoginFailures(String hostname, String client) {
            return "-ERR [SYS/TEMP] Too many failed logins from " + client + ", try again later";
        }

        @Override
        String timeout(String hostname) {
            return "-ERR Disconnected for inactivity";
        }
    },
    MANAGESIEVE {
        @Override
        String tooManyConnections(String hostname, String client) {
            return "BYE (TRYLATER) \"Too many connections from " + client + "\"";
        }

        @Override
        public String tooManyLoginFailures(String hostname, String client) {
            return "BYE (TRYLATER) \"Too many failed logins from " + client + ", try again later\"";
        }

        @Override
        String timeout(String hostname) {
            return "BYE \"Disconnected for inactivity\"";
        }
    };

    /** The connection count or connection rate limit of the client is reached. */
    abstract String tooManyConnections(String hostname, String client);

    /** The client's address is refused for failed logins ({@code auth_failure_limit}). */
    public abstract String tooManyLoginFailures(String hostname, String client);

    /** The client stayed silent, or took too long over one line. */
    abstract String timeout(String hostname);
}
