package org.postern.mail;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.mailet.Mail;

/**
 * Postfix's hold queue: where mail an access map or policy service said HOLD for waits, in the server's database,
 * until an admin releases it (it then goes through the pipeline again, without its HOLD) or deletes it. The
 * {@code Hold} mailet puts mail here; webadmin's {@code /policy/hold} routes list, release and delete it.
 */
public final class HoldArea {
    /** The mail repository of held mail. */
    public static final MailRepositoryUrl URL = MailRepositoryUrl.from("jpa://var/mail/hold/");
    /** Where released mail starts again: the pipeline's first processor. */
    public static final String RELEASE_PROCESSOR = Mail.DEFAULT;

    private HoldArea() {
    }
}
