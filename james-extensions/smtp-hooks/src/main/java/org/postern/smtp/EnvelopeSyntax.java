package org.postern.smtp;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.CommandHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.postern.policy.log.ClientText;

/**
 * The syntax of MAIL FROM and RCPT TO, judged before James parses them, with Postfix's replies:
 * <ul>
 * <li>the address: angle brackets, RFC 5321's limits (local part 64 octets, domain 255, path 256), no
 *     control characters: {@code 501 5.1.7 Bad sender address syntax} / {@code 501 5.1.3 Bad recipient address
 *     syntax};</li>
 * <li>the parameters this server announces and no others (RFC 5321 section 4.1.1.11): {@code SIZE=} digits
 *     only, once ({@code 501 5.5.4 Bad message size syntax}); {@code BODY=7BIT} or {@code 8BITMIME};
 *     {@code AUTH=} where AUTH is offered; anything else, DSN's {@code RET}, {@code ENVID}, {@code NOTIFY} and
 *     {@code ORCPT} included, {@code 555 5.5.4 Unsupported option: X};</li>
 * <li>{@code 501 5.5.4 Syntax: MAIL FROM:<address>} / {@code RCPT TO:<address>} when the keyword is wrong.</li>
 * </ul>
 * James 3.8.1 ignored unknown parameters, accepted {@code SIZE=-1}, {@code BODY=anything} and addresses of any
 * length, and failed ({@code 451}) on a recipient too long for a user name. Listed in smtpserver.xml before
 * James's core handlers; silent when the command is well formed.
 */
public class EnvelopeSyntax implements CommandHandler<SMTPSession> {
    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;
    /** RFC 5321 path: 256 octets with the angle brackets. */
    static final int MAX_PATH = 254;

    private static final Response BAD_SENDER = reply("501", "5.1.7 Bad sender address syntax");
    private static final Response BAD_RECIPIENT = reply("501", "5.1.3 Bad recipient address syntax");
    private static final Response MAIL_SYNTAX = reply("501", "5.5.4 Syntax: MAIL FROM:<address>");
    private static final Response RCPT_SYNTAX = reply("501", "5.5.4 Syntax: RCPT TO:<address>");
    private static final Response BAD_SIZE = reply("501", "5.5.4 Bad message size syntax");

    @Override
    public Collection<String> getImplCommands() {
        return List.of("MAIL", "RCPT");
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        boolean mail = request.getCommand().equalsIgnoreCase("MAIL");
        String argument = request.getArgument() == null ? "" : request.getArgument().strip();
        String keyword = mail ? "FROM:" : "TO:";
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return mail ? MAIL_SYNTAX : RCPT_SYNTAX;
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        int end = closingBracket(rest);
        if (!rest.startsWith("<") || end < 0) {
            return mail ? BAD_SENDER : BAD_RECIPIENT;
        }
        String address = rest.substring(1, end);
        if (!wellFormed(address, mail)) {
            return mail ? BAD_SENDER : BAD_RECIPIENT;
        }
        return parameters(session, rest.substring(end + 1), mail).orElse(null);
    }

    /** The index of the '>' that ends the path, outside quoted strings; -1 when there is none. */
    private static int closingBracket(String text) {
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }

    static boolean wellFormed(String address, boolean mayBeNull) {
        if (address.isEmpty()) {
            return mayBeNull;
        }
        if (address.length() > MAX_PATH || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        String mailbox = withoutSourceRoute(address);
        int at = mailbox.lastIndexOf('@');
        String localPart = at < 0 ? mailbox : mailbox.substring(0, at);
        String domain = at < 0 ? "" : mailbox.substring(at + 1);
        if (localPart.isEmpty() || localPart.length() > MAX_LOCAL_PART || domain.length() > MAX_DOMAIN || (at >= 0 && domain.isEmpty())) {
            return false;
        }
        try {
            // James's own parser: what it cannot store is refused here with Postfix's reply. A bare name gets a
            // domain for the check only (the default domain is appended later).
            new MailAddress(at < 0 ? mailbox + "@example.com" : mailbox);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** {@code @a,@b:user@d}: RFC 5321 source routes are accepted and ignored. */
    private static String withoutSourceRoute(String address) {
        if (address.startsWith("@")) {
            int colon = address.indexOf(':');
            return colon < 0 ? address : address.substring(colon + 1);
        }
        return address;
    }

    private static Optional<Response> parameters(SMTPSession session, String text, boolean mail) {
        Set<String> seen = new HashSet<>();
        for (String parameter : text.strip().split(" +")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).toUpperCase(Locale.ROOT);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            if (mail && name.equals("SIZE")) {
                if (!value.matches("[0-9]{1,20}") || !seen.add(name)) {
                    return Optional.of(BAD_SIZE);
                }
                continue;
            }
            boolean supported = mail && seen.add(name) && switch (name) {
                case "BODY" -> value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME");
                case "AUTH" -> !value.isEmpty() && session.isAuthAnnounced();
                default -> false;
            };
            if (!supported) {
                return Optional.of(reply("555", "5.5.4 Unsupported option: " + ClientText.forLog(parameter)));
            }
        }
        return Optional.empty();
    }

    private static Response reply(String code, String text) {
        return new SMTPResponse(code, text).immutable();
    }
}
