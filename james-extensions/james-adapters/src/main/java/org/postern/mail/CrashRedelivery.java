package org.postern.mail;

import org.apache.mailet.AttributeName;

/**
 * Mail the spool may have delivered just before a crash. The queue acknowledges a message once its processing
 * is over, after the mailbox append has committed; a crash between the two hands the message out again after
 * the restart. The queue marks the first messages it hands out after a crash with {@link #ATTRIBUTE}, and the
 * delivery skips the recipients whose mailbox already holds the copy, recognised by {@link #HEADER}, which each
 * delivered copy carries with the mail's unique name.
 */
public final class CrashRedelivery {
    public static final AttributeName ATTRIBUTE = AttributeName.of("org.postern.crash-redelivery");
    public static final String HEADER = "X-Postern-Delivery";

    private CrashRedelivery() {
    }
}
