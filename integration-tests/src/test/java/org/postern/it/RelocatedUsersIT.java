package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * relocated_maps: refused at RCPT on port 25 with Postfix's reply; on submission, whose section here checks no
 * recipient at RCPT (relocated_maps and smtpd_reject_unlisted_recipient emptied), accepted and returned to the
 * sender with a 5.1.6 delivery status notification.
 */
class RelocatedUsersIT {
    private static final String DOMAIN = "relocated.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String PASSWORD = "relocated-password";

    private static PosternProcess server;

    @BeforeAll
    static void start() {
        server = PosternProcess.builder()
            .editConf("policy.cf", text -> text.replace("# relocated_maps = db:relocated", "relocated_maps = db:relocated")
                .replace("[submission]\n", "[submission]\nrelocated_maps =\nsmtpd_reject_unlisted_recipient = no\n"))
            .build().start();
        server.webAdmin().createDomain(DOMAIN);
        server.webAdmin().createUser(ALICE, PASSWORD);
        assertThat(server.webAdmin().postText("/policy/maps/tables/relocated",
            "john@" + DOMAIN + "   john@new.example\n@old.example   the sales office, sales@new.example\n").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void port25RefusesMailForARelocatedUserSayingWhereHeMoved() {
        server.webAdmin().createDomain("old.example");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("mail.remote.test");
            SmtpSession.expect(smtp.command("MAIL FROM:<someone@remote.test>"), 250);

            assertThat(smtp.command("RCPT TO:<john@" + DOMAIN + ">").line())
                .isEqualTo("550 5.1.6 <john@" + DOMAIN + ">: Recipient address rejected: User has moved to john@new.example");
            assertThat(smtp.command("RCPT TO:<anyone@old.example>").line())
                .isEqualTo("550 5.1.6 <anyone@old.example>: Recipient address rejected: User has moved to the sales office, sales@new.example");
        }
    }

    @Test
    void mailSubmittedToARelocatedUserComesBackAsADeliveryStatusNotification() {
        String subject = Messages.uniqueSubject("to john");
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            smtp.ehlo("laptop.example");
            smtp.startTls(TestTls.trustAll());
            smtp.ehlo("laptop.example");
            SmtpSession.expect(smtp.authPlain(ALICE, PASSWORD), 235);
            assertThat(smtp.send(ALICE, List.of("john@" + DOMAIN), Messages.message(ALICE, "john@" + DOMAIN, subject, "hi")).code())
                .isEqualTo(250);
        }

        String notice = Mailboxes.awaitMessage(server, ALICE, PASSWORD, "Undelivered Mail Returned to Sender");
        assertThat(notice).contains("multipart/report").contains("report-type=delivery-status")
            .contains("Final-Recipient: rfc822; john@" + DOMAIN)
            .contains("Status: 5.1.6")
            .contains("User has moved to john@new.example")
            .contains("Subject: " + subject);
    }
}
