package org.postern.policy.access;

import java.util.List;

import org.postern.config.InvalidConfigurationException;
import org.postern.policy.syntax.ReplyText;

/**
 * What the right-hand side of an access map entry (or a policy server's {@code action=}) tells the SMTP
 * server to do, as access(5) defines it. Parsed once per value, in the order Postfix's
 * {@code check_table_result} tries the words, so that a value means here what it means to Postfix:
 *
 * <ul>
 * <li>{@code OK}, {@code RELAY}, {@code PERMIT} and an all-numeric value (a pop-before-smtp time stamp)
 * accept;</li>
 * <li>{@code REJECT [text]}, {@code DEFER [text]}, {@code DEFER_IF_PERMIT [text]},
 * {@code DEFER_IF_REJECT [text]} and {@code 4NN text} / {@code 5NN text} refuse, the text optionally
 * starting with an enhanced status code;</li>
 * <li>{@code DUNNO} goes on with the next restriction; {@code WARN}/{@code INFO text} log and go on;
 * {@code DISCARD [text]} accepts and throws the message away;</li>
 * <li>{@code HOLD}, {@code FILTER transport:destination}, {@code REDIRECT user@domain},
 * {@code BCC user@domain} and {@code PREPEND header: text} ask the delivery side for something and go on;</li>
 * <li>anything else must be restriction names ({@code permit_mynetworks, reject}), evaluated in place.</li>
 * </ul>
 *
 * A value that fits none of these is refused with the table and key named, so an admin who stores
 * {@code "250 fine"} learns it from the error, not from a puzzled client.
 */
public sealed interface AccessAction {

    /** OK, RELAY, PERMIT or an all-numeric value: the request is accepted. */
    record Accept(String keyword) implements AccessAction {
    }

    /** DUNNO: this table has no opinion, the next restriction decides. */
    record Dunno() implements AccessAction {
    }

    /** REJECT [text]: refuse with {@code access_map_reject_code}. */
    record Reject(ReplyText reply) implements AccessAction {
    }

    /** DEFER [text]: refuse for now with {@code access_map_defer_code}. */
    record Defer(ReplyText reply) implements AccessAction {
    }

    /** DEFER_IF_PERMIT [text]: defer only if the restrictions would otherwise accept. */
    record DeferIfPermit(ReplyText reply) implements AccessAction {
    }

    /** DEFER_IF_REJECT [text]: turn a later permanent rejection into a deferral. */
    record DeferIfReject(ReplyText reply) implements AccessAction {
    }

    /** {@code 4NN text} or {@code 5NN text}: refuse with exactly this code. */
    record Reply(int code, ReplyText reply) implements AccessAction {
    }

    /** DISCARD [text]: accept, then silently drop the message. */
    record Discard(String text) implements AccessAction {
    }

    /** WARN text: log a warning and go on. */
    record Warn(String text) implements AccessAction {
    }

    /** INFO text: log and go on. */
    record Info(String text) implements AccessAction {
    }

    /** HOLD, FILTER, REDIRECT, BCC, PREPEND: a request to the delivery side; the restrictions go on. */
    record MessageAction(Kind kind, String argument) implements AccessAction {
        public enum Kind { HOLD, FILTER, REDIRECT, BCC, PREPEND }
    }

    /** Restriction names such as {@code permit_mynetworks reject}, evaluated where the table was consulted. */
    record Restrictions(List<String> names) implements AccessAction {
        public Restrictions {
            names = List.copyOf(names);
        }
    }

    /**
     * Parses one access map value.
     *
     * @param table the table reference, for the error message
     * @param key the key whose value this is, for the error message
     * @throws InvalidConfigurationException naming the table, the key and the value when it means nothing
     */
    static AccessAction parse(String value, String table, String key) {
        return AccessActionParser.parse(value, table, key);
    }

    /**
     * The value as an action, for a value being written (webadmin, a map import).
     *
     * @throws IllegalArgumentException saying why the value means nothing
     */
    static AccessAction parse(String value) {
        return AccessActionParser.parse(value);
    }
}
