package org.postern.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.api.handler.ExtensibleHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;
import org.postern.policy.login.LoginFailures;

/**
 * SMTP AUTH (RFC 4954) with failed logins counted towards the client address's refusal
 * ({@code auth_failure_limit}, shared with IMAP, POP3, ManageSieve and webadmin):
 * <ul>
 * <li>a refused address gets {@code 421 4.7.0 <host> Error: too many failed logins from <addr>} at AUTH and is
 *     disconnected, whatever the password;</li>
 * <li>the password is checked here (it replaces James's users-repository AUTH hook): {@code 235 2.7.0}, or
 *     {@code 535 5.7.8 Error: authentication failed: authentication failure} (counted), or
 *     {@code 454 4.7.0 Temporary authentication failure} when the user store cannot answer (not counted);</li>
 * <li>a response that is not base64 of a user name gets {@code 501 5.5.2 Cannot decode response} (James
 *     3.8.1 failed on it with a 451, and closed the connection when it came as its own line);
 *     {@code *} cancels ({@code 501 5.7.0 Authentication aborted}).</li>
 * </ul>
 * Listed in smtpserver.xml after AuthRequiresTlsHandler and before James's core handlers.
 */
public class SmtpLoginGuard implements CommandHandler<SMTPSession>, AuthHook, ExtensibleHandler {
    private static final Response CANNOT_DECODE = new SMTPResponse("501", "5.5.2 Cannot decode response").immutable();
    private static final Response ABORTED = new SMTPResponse("501", "5.7.0 Authentication aborted").immutable();
    private static final Response USERNAME_PROMPT = new SMTPResponse("334", "VXNlcm5hbWU6").immutable();

    private final LoginFailures loginFailures;
    private final UsersRepository users;
    private AuthCmdHandler jamesAuth;

    @Inject
    public SmtpLoginGuard(LoginFailures loginFailures, UsersRepository users) {
        this.loginFailures = loginFailures;
        this.users = users;
    }

    @Override
    public Collection<String> getImplCommands() {
        return List.of("AUTH");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String client = client(session);
        if (loginFailures.isBanned(client)) {
            return refused(session, client);
        }
        if (session.getUsername() != null || !session.getConfiguration().isPlainAuthEnabled() || request.getArgument() == null) {
            return null;
        }
        String[] words = request.getArgument().strip().split(" +", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        Optional<String> initialResponse = words.length > 1 ? Optional.of(words[1]) : Optional.empty();
        if (mechanism.equals("LOGIN")) {
            if (initialResponse.isPresent()) {
                return isUsername(initialResponse.get()) ? null : CANNOT_DECODE;
            }
            if (jamesAuth != null) {
                session.pushLineHandler(new UsernameLine());
                return USERNAME_PROMPT;
            }
        }
        if (mechanism.equals("PLAIN") && initialResponse.isPresent() && !initialResponse.get().equals("=")
            && decode(initialResponse.get()).isEmpty()) {
            return CANNOT_DECODE;
        }
        return null;
    }

    /** AUTH LOGIN's user name, asked for here so that a bad one is answered; James then asks for the password. */
    private final class UsernameLine implements LineHandler<SMTPSession> {
        @Override
        public Response onLine(SMTPSession session, byte[] line) {
            session.popLineHandler();
            String text = new String(line, StandardCharsets.US_ASCII).strip();
            if (text.equals("*")) {
                return ABORTED;
            }
            if (!isUsername(text)) {
                return CANNOT_DECODE;
            }
            return jamesAuth.onCommand(session, new BaseRequest("AUTH", "LOGIN " + text));
        }
    }

    // --- the password check ------------------------------------------------------------------------

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        String client = client(session);
        if (loginFailures.isBanned(client)) {
            return disconnect(session, client);
        }
        try {
            if (users.test(username, password)) {
                session.setUsername(username);
                session.setRelayingAllowed(true);
                return HookResult.builder().hookReturnCode(HookReturnCode.ok())
                    .smtpReturnCode("235").smtpDescription("2.7.0 Authentication successful").build();
            }
        } catch (UsersRepositoryException | RuntimeException e) {
            return SmtpReplies.defer("454", "4.7.0 Temporary authentication failure");
        }
        if (loginFailures.failed(client, "smtp", username.asString()).isPresent()) {
            return disconnect(session, client);
        }
        return SmtpReplies.reject("535", "5.7.8 Error: authentication failed: authentication failure");
    }

    @Override
    public HookResult doDelegation(SMTPSession session, Username username) {
        return HookResult.DECLINED;
    }

    /** OAUTHBEARER is not offered; James's own hook answers it if it ever is. */
    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }

    // --- finding James's AUTH handler -----------------------------------------------------------------

    @Override
    public List<Class<?>> getMarkerInterfaces() {
        return List.of(CommandHandler.class);
    }

    @Override
    public void wireExtensions(Class<?> interfaceName, List<?> extensions) {
        if (CommandHandler.class.equals(interfaceName)) {
            extensions.stream().filter(AuthCmdHandler.class::isInstance).map(AuthCmdHandler.class::cast).findFirst()
                .ifPresent(handler -> jamesAuth = handler);
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------

    /** True for base64 of a user name James accepts (not blank, at most 255 characters). */
    static boolean isUsername(String base64) {
        return decode(base64).map(String::strip).filter(name -> !name.isEmpty()).filter(name -> {
            try {
                Username.of(name);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }).isPresent();
    }

    private static Optional<String> decode(String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Response refused(SMTPSession session, String client) {
        String line = SmtpReplies.tooManyLoginFailures(session.getConfiguration().getHelloName(), client);
        SMTPResponse response = new SMTPResponse(line.substring(0, 3), line.substring(4));
        response.setEndSession(true);
        return response;
    }

    private static HookResult disconnect(SMTPSession session, String client) {
        String line = SmtpReplies.tooManyLoginFailures(session.getConfiguration().getHelloName(), client);
        return HookResult.builder().hookReturnCode(HookReturnCode.disconnected(HookReturnCode.Action.DENYSOFT))
            .smtpReturnCode(line.substring(0, 3)).smtpDescription(line.substring(4)).build();
    }

    private static String client(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }
}
