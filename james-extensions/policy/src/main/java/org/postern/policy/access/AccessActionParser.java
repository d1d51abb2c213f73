package org.postern.policy.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.access.AccessAction.Accept;
import org.postern.policy.access.AccessAction.Defer;
import org.postern.policy.access.AccessAction.DeferIfPermit;
import org.postern.policy.access.AccessAction.DeferIfReject;
import org.postern.policy.access.AccessAction.Discard;
import org.postern.policy.access.AccessAction.Dunno;
import org.postern.policy.access.AccessAction.Info;
import org.postern.policy.access.AccessAction.MessageAction;
import org.postern.policy.access.AccessAction.Reject;
import org.postern.policy.access.AccessAction.Reply;
import org.postern.policy.access.AccessAction.Restrictions;
import org.postern.policy.access.AccessAction.Warn;
import org.postern.policy.syntax.MailboxSyntax;
import org.postern.policy.syntax.ReplyText;

/** The word-by-word reading of an access map value; see {@link AccessAction} for the vocabulary. */
final class AccessActionParser {
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern RESTRICTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern HEADER = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+:.*");

    private AccessActionParser() {
    }

    static AccessAction parse(String value, String table, String key) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("access table " + table + ": key \"" + key + "\": invalid value \""
                + value + "\": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException saying why the value is not an access action */
    static AccessAction parse(String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the value is empty");
        }
        int blank = firstBlank(trimmed);
        String command = trimmed.substring(0, blank);
        String upper = command.toUpperCase(Locale.ROOT);
        String text = trimmed.substring(blank).strip();
        switch (upper) {
            case "DUNNO":
                return new Dunno();
            case "REJECT":
                return new Reject(ReplyText.parse(text));
            case "DEFER":
                return new Defer(ReplyText.parse(text));
            case "DEFER_IF_PERMIT":
                return new DeferIfPermit(ReplyText.parse(text));
            case "DEFER_IF_REJECT":
                return new DeferIfReject(ReplyText.parse(text));
            case "WARN":
                return new Warn(text);
            case "INFO":
                return new Info(text);
            case "DISCARD":
                return new Discard(text);
            case "HOLD":
                return new MessageAction(MessageAction.Kind.HOLD, text);
            case "FILTER":
                // carried out by a transport, which this server does not have yet: refused rather than ignored
                throw new IllegalArgumentException("FILTER is not supported by this server yet (it needs transports); "
                    + "route such mail with a matcher and mailet in conf/mailetcontainer.xml, or use REDIRECT or HOLD");
            case "REDIRECT":
            case "BCC":
                if (!MailboxSyntax.isValid(text)) {
                    throw new IllegalArgumentException(upper + " needs one user@domain target"
                        + (text.isEmpty() ? "" : ": " + MailboxSyntax.problem(text)));
                }
                return new MessageAction(MessageAction.Kind.valueOf(upper), text);
            case "PREPEND":
                if (!HEADER.matcher(text).matches()) {
                    throw new IllegalArgumentException("PREPEND needs a header line such as 'X-Checked: yes'");
                }
                return new MessageAction(MessageAction.Kind.PREPEND, text);
            case "HANGUP":
                throw new IllegalArgumentException("HANGUP is not supported");
            default:
                break;
        }
        // Postfix tests "all digits" before "NNN text": a bare number is a pop-before-smtp stamp, i.e. OK.
        if (ALL_DIGITS.matcher(trimmed).matches()) {
            return new Accept(trimmed);
        }
        if (command.length() == 3 && ALL_DIGITS.matcher(command).matches()) {
            if (command.charAt(0) != '4' && command.charAt(0) != '5') {
                throw new IllegalArgumentException("a numeric reply must be 4xx or 5xx");
            }
            return new Reply(Integer.parseInt(command), ReplyText.parse(text));
        }
        if (upper.equals("OK") || upper.equals("RELAY") || (upper.equals("PERMIT") && text.isEmpty())) {
            return new Accept(upper);
        }
        if (trimmed.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                "lookup tables are not allowed inside an access map; use an action or restriction names");
        }
        List<String> names = new ArrayList<>();
        for (String name : trimmed.split("[\\s,]+")) {
            if (name.isEmpty()) {
                continue;
            }
            if (!RESTRICTION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is neither an action nor a restriction name");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return new Restrictions(names);
    }

    private static int firstBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                return i;
            }
        }
        return text.length();
    }
}
