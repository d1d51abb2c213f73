package org.postern.smtp;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.postern.policy.anvil.Anvil;
import org.postern.policy.restriction.RestrictionsByServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postfix's per-client rates of one SMTP server, counted across its connections (anvil): MAIL FROM
 * ({@code smtpd_client_message_rate_limit}: {@code 450 4.7.1 Error: too much mail from <addr>}), RCPT TO
 * ({@code smtpd_client_recipient_rate_limit}: {@code 450 4.7.1 Error: too many recipients from <addr>}) and AUTH
 * ({@code smtpd_client_auth_rate_limit}: {@code 450 4.7.1 Error: too many AUTH commands from <addr>}). Every
 * command counts, accepted or not, as in Postfix. The connection count and rate are the listener's business.
 */
public class ClientRateLimits implements CommandHandler<SMTPSession> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClientRateLimits.class);

    private final RestrictionsByServer restrictionsByServer;

    @Inject
    public ClientRateLimits(RestrictionsByServer restrictionsByServer) {
        this.restrictionsByServer = restrictionsByServer;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("MAIL", "RCPT", "AUTH");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        Anvil anvil = ServerSection.restrictions(session, restrictionsByServer).anvil();
        String server = ServerSection.name(session);
        switch (request.getCommand().toUpperCase(Locale.ROOT)) {
            case "MAIL" -> {
                return anvil.allowMessage(client) ? null
                    : overLimit(anvil, server, "Message delivery request", client, Anvil.Counter.MESSAGES, anvil.limits().messageRateLimit(),
                        "too much mail from " + client);
            }
            case "RCPT" -> {
                return anvil.allowRecipient(client) ? null
                    : overLimit(anvil, server, "Recipient address", client, Anvil.Counter.RECIPIENTS, anvil.limits().recipientRateLimit(),
                        "too many recipients from " + client);
            }
            case "AUTH" -> {
                return anvil.allowAuth(client) ? null
                    : overLimit(anvil, server, "AUTH command", client, Anvil.Counter.AUTHS, anvil.limits().authRateLimit(),
                        "too many AUTH commands from " + client);
            }
            default -> {
                return null;
            }
        }
    }

    /** Postfix's reply; its warning is logged when the client first goes over the limit in a time unit. */
    private static Response overLimit(Anvil anvil, String server, String what, String client, Anvil.Counter counter, int limit, String text) {
        int rate = anvil.rate(client, counter);
        if (rate == limit + 1) {
            LOGGER.warn("{} rate limit exceeded: {} from [{}] for service {}", what, rate, client, server);
        }
        return new SMTPResponse("450", "4.7.1 Error: " + text);
    }
}
