package org.postern.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.inject.Inject;

import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.managesieveserver.netty.ManageSieveServerFactory;
import org.apache.james.pop3server.netty.POP3ServerFactory;
import org.apache.james.protocols.lib.netty.AbstractServerFactory;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes every mail listener first, all at once, when the server stops. James stops them one after the other,
 * each waiting out Netty's two-second quiet period (about 20 s for our eight listeners), and only after it has
 * already stopped the spooler, so SMTP kept accepting mail while nothing processed it. Closing the doors
 * first and in parallel takes about two seconds; James's own stop then finds them closed.
 */
public class ProtocolListeners implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(ProtocolListeners.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final List<AbstractServerFactory> factories;

    @Inject
    ProtocolListeners(SMTPServerFactory smtp, IMAPServerFactory imap, POP3ServerFactory pop3, ManageSieveServerFactory manageSieve) {
        this.factories = List.of(smtp, imap, pop3, manageSieve);
    }

    void closeAll() {
        // the factories create their servers at initialisation, after this probe exists
        CompletableFuture<?>[] closing = factories.stream()
            .map(AbstractServerFactory::getServers)
            .filter(Objects::nonNull)
            .flatMap(List::stream)
            .map(server -> CompletableFuture.runAsync(server::unbind))
            .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOGGER.warn("Not every listener closed cleanly; James's own shutdown follows", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
