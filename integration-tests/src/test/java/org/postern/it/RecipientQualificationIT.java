package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackDnsServer;

/**
 * No backscatter through recipients the door misjudged: an address without a domain is refused on port 25
 * (shipped reject_non_fqdn_recipient) or, where a server's list leaves it out, judged as the address mail
 * would go to (with the default domain); postmaster@ and aliases are accepted only when they lead to a
 * mailbox. Nothing of it is accepted to bounce later: the outgoing queue and the address-error repository
 * stay empty, while a message to a real user goes through behind them.
 */
class RecipientQualificationIT {
    private static final String DOMAIN = "qualify.test";
    private static final String USER = "ursula@" + DOMAIN;
    private static final String PASSWORD = "ursula-password";
    private static final String VICTIM = "victim@remote.test";

    private static LoopbackDnsServer dns;
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        dns = LoopbackDnsServer.start().mx("remote.test", 10, "mx.remote.test").a("mx.remote.test", "127.0.0.1");
        // the shipped policy, but on 587 without reject_non_fqdn_recipient: a bare name gets the default domain
        server = PosternProcess.builder().dnsServer(dns.hostAndPort())
            .editConf("policy.cf", text -> text.replace("[submission]\n", "[submission]\nsmtpd_recipient_restrictions =\n"))
            .build().start();
        server.webAdmin().createDomain(DOMAIN);
        server.webAdmin().createUser(USER, PASSWORD);
        server.webAdmin().createAlias("broken@" + DOMAIN, "nobody-here@" + DOMAIN);
        server.webAdmin().createAlias("team@" + DOMAIN, USER);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server, dns);
    }

    @Test
    void port25RefusesARecipientWithoutDomainAsPostfixDoes() {
        assertThat(rcpt(server.smtpPort(), "xyzzy"))
            .isEqualTo("504 5.5.2 <xyzzy>: Recipient address rejected: need fully-qualified address");
    }

    @Test
    void withoutTheFqdnCheckABareNameIsJudgedWithTheDefaultDomain() {
        assertThat(rcpt(server.submissionPort(), "xyzzy")).isEqualTo("550 5.1.1 <xyzzy@" + server.hostname()
            + ">: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void postmasterOfAHostedDomainIsRefusedWhileNobodyReadsIt() {
        String expected = "550 5.1.1 <postmaster@" + DOMAIN + ">: Recipient address rejected: User unknown in virtual mailbox table";
        assertThat(rcpt(server.smtpPort(), "postmaster@" + DOMAIN)).isEqualTo(expected);
        assertThat(rcpt(server.submissionPort(), "postmaster@" + DOMAIN)).isEqualTo(expected);
        try (SmtpSession smtps = SmtpSession.connectImplicitTls(server.smtpsPort(), TestTls.trustAll())) {
            smtps.ehlo("client.example");
            SmtpSession.expect(smtps.command("MAIL FROM:<" + VICTIM + ">"), 250);
            assertThat(smtps.command("RCPT TO:<postmaster@" + DOMAIN + ">").line()).isEqualTo(expected);
        }
        assertThat(rcpt(server.smtpPort(), "postmaster")).as("RFC 5321's plain postmaster, as the default domain's")
            .isEqualTo("550 5.1.1 <postmaster@" + server.hostname() + ">: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void anAliasToNobodyIsRefusedAndAnAliasToAUserAccepted() {
        assertThat(rcpt(server.smtpPort(), "broken@" + DOMAIN))
            .isEqualTo("550 5.1.1 <broken@" + DOMAIN + ">: Recipient address rejected: User unknown in virtual mailbox table");
        assertThat(rcpt(server.smtpPort(), "team@" + DOMAIN)).startsWith("250");
    }

    @Test
    void nothingRefusedIsQueuedOrBouncedWhileRealMailGoesThrough() {
        List<String> misjudged = List.of("xyzzy", "postmaster", "postmaster@" + DOMAIN, "broken@" + DOMAIN, "nobody@" + DOMAIN);
        for (int port : List.of(server.smtpPort(), server.submissionPort())) {
            try (SmtpSession smtp = SmtpSession.connect(port)) {
                smtp.ehlo("client.example");
                SmtpSession.expect(smtp.command("MAIL FROM:<" + VICTIM + ">"), 250);
                for (String recipient : misjudged) {
                    assertThat(smtp.command("RCPT TO:<" + recipient + ">").code()).as(recipient).isBetween(500, 599);
                }
                assertThat(smtp.command("DATA").code()).as("no recipient was accepted").isBetween(500, 599);
            }
        }
        String subject = Messages.uniqueSubject("behind the refused ones");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("client.example");
            smtp.send(VICTIM, List.of(USER), Messages.message(VICTIM, USER, subject, "real mail"));
        }
        Mailboxes.await("the real message in the mailbox", () -> Mailboxes.imapSubjects(server, USER, PASSWORD),
            subjects -> subjects.contains(subject));

        assertThat(server.webAdmin().get("/mailQueues/outgoing/mails").body()).isEqualTo("[]");
        WebAdminClient.Reply addressErrors = server.webAdmin().get("/mailRepositories/var%2Fmail%2Faddress-error%2F/mails");
        assertThat(addressErrors.status() == 404 || addressErrors.body().equals("[]")).as(addressErrors.body()).isTrue();
    }

    @Test
    void postmasterIsAcceptedOnceTheServersPostmasterLeadsToAMailbox() {
        // mailetcontainer.xml's <postmaster>, where PostmasterAlias sends postmaster@ of every hosted domain
        server.webAdmin().createAlias("postmaster@" + server.hostname(), USER);
        try {
            assertThat(rcpt(server.smtpPort(), "postmaster@" + DOMAIN)).startsWith("250");
            assertThat(rcpt(server.smtpPort(), "postmaster")).startsWith("250");
            String subject = Messages.uniqueSubject("for the postmaster");
            try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
                smtp.ehlo("client.example");
                smtp.send(VICTIM, List.of("postmaster@" + DOMAIN), Messages.message(VICTIM, "postmaster@" + DOMAIN, subject, "hi"));
            }
            assertThat(Mailboxes.await("the postmaster's message", () -> Mailboxes.imapSubjects(server, USER, PASSWORD),
                subjects -> subjects.contains(subject))).contains(subject);
        } finally {
            server.webAdmin().delete("/address/aliases/" + USER + "/sources/postmaster@" + server.hostname());
        }
    }

    /** The reply to RCPT TO:<recipient> in a transaction from a remote sender. */
    private static String rcpt(int port, String recipient) {
        try (SmtpSession smtp = SmtpSession.connect(port)) {
            smtp.ehlo("client.example");
            SmtpSession.expect(smtp.command("MAIL FROM:<" + VICTIM + ">"), 250);
            return smtp.command("RCPT TO:<" + recipient + ">").line();
        }
    }
}
