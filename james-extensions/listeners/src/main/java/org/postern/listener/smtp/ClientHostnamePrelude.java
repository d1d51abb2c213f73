package org.postern.listener.smtp;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.postern.listener.ConnectionPrelude;
import org.postern.policy.restriction.ServerRestrictions;
import org.postern.policy.restriction.SmtpTransaction;
import org.postern.smtp.ClientConnection;

import io.netty.channel.Channel;

/**
 * The SMTP client's hostname, looked up before the greeting as Postfix does, only when a restriction list
 * of the server looks at it ({@code check_client_access}, {@code reject_rhsbl_client}, policy services).
 * The lookup goes through the server's resolver without blocking; a client whose address does not resolve
 * in time is {@code unknown}.
 */
final class ClientHostnamePrelude implements ConnectionPrelude {
    private final ServerRestrictions restrictions;
    private final Duration limit;

    ClientHostnamePrelude(ServerRestrictions restrictions, Duration limit) {
        this.restrictions = restrictions;
        this.limit = limit;
    }

    @Override
    public CompletionStage<Void> prepare(Channel channel, String clientAddress) {
        if (!restrictions.needsClientHostname()) {
            return CompletableFuture.completedFuture(null);
        }
        return restrictions.clientHostnameLookup(clientAddress).toCompletableFuture()
            .completeOnTimeout(SmtpTransaction.UNKNOWN, limit.toMillis(), TimeUnit.MILLISECONDS)
            .exceptionally(failure -> SmtpTransaction.UNKNOWN)
            .thenAccept(name -> channel.attr(ClientConnection.HOSTNAME).set(name));
    }
}
