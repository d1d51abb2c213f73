package org.postern.listener.managesieve;

import java.util.Locale;

import org.apache.james.managesieve.api.ManageSieveException;
import org.apache.james.managesieve.api.Session;
import org.apache.james.managesieve.transcode.ArgumentParser;
import org.apache.james.managesieve.transcode.ManageSieveProcessor;
import org.apache.james.sieverepository.api.exception.SieveRepositoryException;
import org.postern.listener.ListenerProtocol;
import org.postern.policy.login.LoginFailures;

/**
 * James's ManageSieve commands (RFC 5804) with the protections of a password-taking listener:
 * <ul>
 * <li>AUTHENTICATE only once TLS is up: before STARTTLS it gets {@code NO (ENCRYPT-NEEDED)}, and the
 *     capabilities offer no SASL mechanism (Dovecot's {@code disable_plaintext_auth = yes});</li>
 * <li>failed logins count towards the address's refusal ({@code auth_failure_limit}); a refused address gets
 *     {@code BYE (TRYLATER)}, and a connection is closed after {@value #FAILURES_PER_CONNECTION} failures;</li>
 * <li>the IMPLEMENTATION capability names the server, not the software.</li>
 * </ul>
 */
final class PosternManageSieveProcessor extends ManageSieveProcessor {
    static final int FAILURES_PER_CONNECTION = 3;
    private static final String JAMES_IMPLEMENTATION = "\"IMPLEMENTATION\" \"Apache ManageSieve v1.0\"";
    private static final String SASL_OFFERED = "\"SASL\" \"PLAIN\"";
    private static final String NO_SASL = "\"SASL\" \"\"";
    private static final String STARTTLS_OFFERED = "\"STARTTLS\"";

    private final LoginFailures loginFailures;
    private final String hostname;

    PosternManageSieveProcessor(ArgumentParser argumentParser, LoginFailures loginFailures, String hostname) {
        super(argumentParser);
        this.loginFailures = loginFailures;
        this.hostname = hostname;
    }

    @Override
    public String handleRequest(Session session, String request) throws ManageSieveException, SieveRepositoryException {
        String command = command(request);
        boolean loggingIn = command.equals(AUTHENTICATE) || session.getState() == Session.State.AUTHENTICATION_IN_PROGRESS;
        SieveClientSession client = session instanceof SieveClientSession known ? known : null;
        if (loggingIn && !session.isSslEnabled()) {
            session.setState(Session.State.UNAUTHENTICATED);
            return "NO (ENCRYPT-NEEDED) \"Authentication requires STARTTLS\"\r\n";
        }
        if (loggingIn && client != null && loginFailures.isBanned(client.clientAddress())) {
            client.requestClose();
            return ListenerProtocol.MANAGESIEVE.tooManyLoginFailures(hostname, client.clientAddress()) + "\r\n";
        }
        String response = super.handleRequest(session, request);
        if (command.equals(CAPABILITY)) {
            return capabilities(response, session.isSslEnabled());
        }
        if (loggingIn && client != null && !session.isAuthenticated() && response.startsWith("NO")) {
            return failedLogin(client, response);
        }
        return response;
    }

    /** The greeting's capabilities: before STARTTLS, so without SASL mechanisms. */
    @Override
    public String getAdvertisedCapabilities() {
        return capabilities(super.getAdvertisedCapabilities(), false);
    }

    /** The capabilities sent again once TLS is up (RFC 5804 section 2.2). */
    String capabilitiesOverTls() {
        return capabilities(super.getAdvertisedCapabilities(), true);
    }

    private String failedLogin(SieveClientSession client, String response) {
        Session.State state = client.getState();
        if (state == Session.State.AUTHENTICATION_IN_PROGRESS) {
            client.setState(Session.State.UNAUTHENTICATED);
        }
        String user = client.getUser() == null ? null : client.getUser().asString();
        if (loginFailures.failed(client.clientAddress(), "managesieve", user).isPresent()) {
            client.requestClose();
            return ListenerProtocol.MANAGESIEVE.tooManyLoginFailures(hostname, client.clientAddress()) + "\r\n";
        }
        if (client.failedLogin() >= FAILURES_PER_CONNECTION) {
            client.requestClose();
            return "BYE \"Too many failed logins on this connection\"\r\n";
        }
        return response;
    }

    /** James's capability lines, rewritten line by line: our implementation name; SASL and STARTTLS by TLS state. */
    private String capabilities(String capabilities, boolean overTls) {
        StringBuilder rewritten = new StringBuilder();
        for (String line : capabilities.split("\r\n", -1)) {
            if (overTls && line.equals(STARTTLS_OFFERED)) {
                continue;
            }
            String kept = line.equals(JAMES_IMPLEMENTATION) ? "\"IMPLEMENTATION\" \"" + hostname + "\""
                : !overTls && line.equals(SASL_OFFERED) ? NO_SASL : line;
            rewritten.append(rewritten.isEmpty() ? "" : "\r\n").append(kept);
        }
        return rewritten.toString();
    }

    private static String command(String request) {
        String trimmed = request.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
    }
}
