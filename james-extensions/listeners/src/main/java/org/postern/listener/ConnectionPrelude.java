package org.postern.listener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.netty.channel.Channel;

/**
 * Work done for a new connection before the protocol greets the client (the SMTP client's hostname, which
 * Postfix too looks up before its banner). It must not block: the connection waits, its I/O thread does not.
 */
@FunctionalInterface
public interface ConnectionPrelude {
    ConnectionPrelude NONE = (channel, client) -> CompletableFuture.completedFuture(null);

    /** Completes when the greeting may be sent; whatever it learns it keeps in the channel's attributes. */
    CompletionStage<Void> prepare(Channel channel, String clientAddress);
}
