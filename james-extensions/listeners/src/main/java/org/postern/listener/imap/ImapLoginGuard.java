package org.postern.listener.imap;

import java.util.Optional;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.LoginRequest;
import org.apache.james.imap.message.response.ImmutableStatusResponse;
import org.postern.policy.login.LoginFailures;

import reactor.core.publisher.Mono;

/**
 * James's IMAP processing with failed logins counted towards the client address's refusal
 * ({@code auth_failure_limit}): a LOGIN or AUTHENTICATE from a refused address gets
 * {@code <tag> NO [UNAVAILABLE] ...} and the connection is closed, whatever the password. James itself still
 * closes a connection after three failures.
 */
final class ImapLoginGuard implements ImapProcessor {
    /** The session attribute holding the client's address (set by {@link ImapClientAddress}). */
    static final String CLIENT = "postern.client";

    private final ImapProcessor delegate;
    private final LoginFailures loginFailures;

    ImapLoginGuard(ImapProcessor delegate, LoginFailures loginFailures) {
        this.delegate = delegate;
        this.loginFailures = loginFailures;
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        delegate.configure(imapConfiguration);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (!(message instanceof LoginRequest) && !(message instanceof AuthenticateRequest)) {
            return delegate.processReactive(message, responder, session);
        }
        String client = String.valueOf(session.getAttribute(CLIENT));
        if (loginFailures.isBanned(client)) {
            responder.respond(new ImmutableStatusResponse(StatusResponse.Type.NO, ((ImapRequest) message).getTag(), null,
                new HumanReadableText("org.postern.imap.UNAVAILABLE", "[UNAVAILABLE] Too many failed logins from " + client
                    + ", try again later"), null));
            responder.flush();
            return session.logout();
        }
        Optional<String> user = message instanceof LoginRequest login ? Optional.of(login.getUserid().asString()) : Optional.empty();
        return delegate.processReactive(message, new CountingResponder(responder, client, user.orElse(null)), session);
    }

    /** Watches the replies to a login for its failure. */
    private final class CountingResponder implements Responder {
        private final Responder delegate;
        private final String client;
        private final String user;

        private CountingResponder(Responder delegate, String client, String user) {
            this.delegate = delegate;
            this.client = client;
            this.user = user;
        }

        @Override
        public void respond(ImapResponseMessage message) {
            if (message instanceof StatusResponse status && isLoginFailure(status)) {
                loginFailures.failed(client, "imap", user);
            }
            delegate.respond(message);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        private boolean isLoginFailure(StatusResponse status) {
            HumanReadableText text = status.getTextKey();
            return text != null && (text.equals(HumanReadableText.INVALID_LOGIN) || text.equals(HumanReadableText.AUTHENTICATION_FAILED)
                || text.equals(HumanReadableText.TOO_MANY_FAILURES));
        }
    }
}
