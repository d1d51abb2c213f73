package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackDnsServer;

/**
 * Each Postfix check of the client, HELO, sender and recipient lists over real SMTP, with the tables it
 * reads (cidr:, regexp:, file:, db:) and the DNS answers it gets from a DNS server the test runs. Clients
 * connect from different 127.0.0.x addresses, each with its own rule, PTR and DNS list entries.
 */
class RestrictionChecksIT {
    private static final String DOMAIN = "checks.test";
    private static final String LISTED_DOMAIN = "listed-domain.test";
    private static final String USER = "dave@" + DOMAIN;
    private static final String SENDER = "someone@good.test";

    private static LoopbackDnsServer dns;
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        dns = LoopbackDnsServer.start()
            .a("good.test", "192.0.2.10")
            .a("mx.remote.test", "192.0.2.20")
            .mx("remote.test", 10, "mx.remote.test")
            .a("helo.good.test", "192.0.2.30")
            .a("spam.bad.test", "192.0.2.31")
            .a("bad.test", "192.0.2.32")
            .servfail("broken.test")
            // client names: forward-confirmed PTRs
            .ptr("127.0.0.30", "blocked.clients.test").a("blocked.clients.test", "127.0.0.30")
            .ptr("127.0.0.50", "spam.bad.test").a("spam.bad.test", "127.0.0.50")
            // DNS lists
            .a("spam.bad.test.rhsbl.test", "127.0.0.2")
            .a("bad.test.rhsbl.test", "127.0.0.2")
            .txt("bad.test.rhsbl.test", "bad.test is listed")
            .a(LISTED_DOMAIN + ".rhsbl.test", "127.0.0.2")
            .a("40.0.0.127.dnswl.test", "127.0.10.1")
            .a("40.0.0.127.dnsbl.test", "127.0.0.4")
            .a("60.0.0.127.dnsbl.test", "127.0.0.4")
            .a("61.0.0.127.dnsbl.test", "127.0.0.2");
        String policy = String.join("\n",
            "# RestrictionChecksIT",
            "mynetworks =",
            "smtpd_helo_required = yes",
            "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination",
            "smtpd_client_restrictions = check_client_access cidr:tables/clients.cidr,",
            "    check_client_access file:tables/client_access, permit_dnswl_client dnswl.test=127.0.[0..255].[1..3],",
            "    reject_rhsbl_client rhsbl.test, reject_rbl_client dnsbl.test=127.0.0.4",
            "smtpd_helo_restrictions = check_helo_access regexp:tables/helo.regexp, reject_invalid_helo_hostname,",
            "    reject_non_fqdn_helo_hostname, reject_unknown_helo_hostname, reject_rhsbl_helo rhsbl.test",
            "smtpd_sender_restrictions = check_sender_access db:it_senders, reject_non_fqdn_sender,",
            "    reject_rhsbl_sender rhsbl.test, reject_unknown_sender_domain",
            "smtpd_recipient_restrictions = reject_unauth_pipelining, check_recipient_access file:tables/recipient_access,",
            "    reject_rhsbl_recipient rhsbl.test",
            "",
            "[submission]",
            "mynetworks = 127.0.0.0/8",
            "smtpd_helo_required = no",
            "smtpd_client_restrictions =",
            "smtpd_helo_restrictions =",
            "smtpd_sender_restrictions =",
            "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
            "smtpd_recipient_restrictions = reject_non_fqdn_recipient, reject_unknown_recipient_domain",
            "");
        server = PosternProcess.builder()
            .dnsServer(dns.hostAndPort())
            .confFile("policy.cf", policy)
            .confFile("tables/clients.cidr", String.join("\n",
                "# client access by address (Postfix cidr_table(5))",
                "127.0.0.20/32    REJECT cidr says no",
                "127.0.0.21/32    DEFER cidr says later",
                "127.0.0.22/32    WARN cidr warning",
                "127.0.0.23/32    DUNNO",
                "127.0.0.24/32    421 4.7.0 going away",
                "127.0.0.70/32    reject",
                "127.0.0.71/32    defer",
                "127.0.0.72/32    PERMIT",
                ""))
            .confFile("tables/client_access", String.join("\n",
                "# client access by hostname",
                "blocked.clients.test   REJECT named host",
                ""))
            .confFile("tables/helo.regexp", String.join("\n",
                "# HELO names (Postfix regexp_table(5))",
                "/^bad-helo\\./       REJECT regexp says no",
                "/\\.friendly\\.test$/   OK",
                ""))
            .confFile("tables/recipient_access", String.join("\n",
                "deferred@" + DOMAIN + "   DEFER try again later",
                "warned@" + DOMAIN + "     WARN watch this one",
                "dunno@" + DOMAIN + "      DUNNO",
                "moved@" + DOMAIN + "      551 5.1.6 moved elsewhere",
                ""))
            .build()
            .start();
        WebAdminClient webAdmin = server.webAdmin();
        webAdmin.createDomain(DOMAIN);
        webAdmin.createDomain(LISTED_DOMAIN);
        for (String user : List.of(USER, "warned@" + DOMAIN, "dunno@" + DOMAIN, "someone@" + LISTED_DOMAIN)) {
            webAdmin.createUser(user, "password-" + user.hashCode());
        }
        SmtpSession.expect(new SmtpSession.Reply(webAdmin.putJson("/policy/tables/it_senders/entries/dbblocked@good.test",
            "{\"value\":\"REJECT db says no\"}").status(), List.of()), 204);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeAll(server, dns);
    }

    // --- client ------------------------------------------------------------------------------------

    @Test
    void clientAccessByAddressFromACidrTable() {
        assertThat(rcptFrom("127.0.0.20", USER)).isEqualTo("554 5.7.1 <unknown[127.0.0.20]>: Client host rejected: cidr says no");
        assertThat(rcptFrom("127.0.0.21", USER)).isEqualTo("450 4.7.1 <unknown[127.0.0.21]>: Client host rejected: cidr says later");
        assertThat(rcptFrom("127.0.0.22", USER)).as("WARN logs and goes on").startsWith("250");
        assertThat(rcptFrom("127.0.0.23", USER)).as("DUNNO goes on").startsWith("250");
    }

    @Test
    void a421FromATableEndsTheConnection() {
        try (SmtpSession smtp = SmtpSession.connectFrom("127.0.0.24", server.smtpPort())) {
            SmtpSession.expect(smtp.ehlo("helo.good.test"), 250);
            SmtpSession.expect(smtp.command("MAIL FROM:<" + SENDER + ">"), 250);
            assertThat(smtp.command("RCPT TO:<" + USER + ">").line())
                .isEqualTo("421 4.7.0 <unknown[127.0.0.24]>: Client host rejected: going away");
            assertThat(smtp.closedByServer()).isTrue();
        }
    }

    @Test
    void plainRestrictionsNamedByATable() {
        assertThat(rcptFrom("127.0.0.70", USER)).isEqualTo("554 5.7.1 <unknown[127.0.0.70]>: Client host rejected: Access denied");
        assertThat(rcptFrom("127.0.0.71", USER)).isEqualTo("450 4.7.1 <unknown[127.0.0.71]>: Client host rejected: Access denied");
        assertThat(rcptFrom("127.0.0.72", USER)).startsWith("250");
    }

    @Test
    void clientAccessByTheForwardConfirmedHostname() {
        assertThat(rcptFrom("127.0.0.30", USER))
            .isEqualTo("554 5.7.1 <blocked.clients.test[127.0.0.30]>: Client host rejected: named host");
    }

    @Test
    void aDnswlListedClientSkipsTheRestOfTheClientList() {
        // 127.0.0.40 is also in the DNSBL with the filtered reply: the whitelist came first
        assertThat(rcptFrom("127.0.0.40", USER)).startsWith("250");
    }

    @Test
    void rhsblOfTheClientHostname() {
        assertThat(rcptFrom("127.0.0.50", USER))
            .isEqualTo("554 5.7.1 Service unavailable; Client host [spam.bad.test] blocked using rhsbl.test");
    }

    @Test
    void dnsblAnswersCountOnlyWhenTheyMatchTheReplyFilter() {
        assertThat(rcptFrom("127.0.0.60", USER))
            .isEqualTo("554 5.7.1 Service unavailable; Client host [127.0.0.60] blocked using dnsbl.test");
        assertThat(rcptFrom("127.0.0.61", USER)).as("listed with 127.0.0.2, filter is =127.0.0.4").startsWith("250");
    }

    // --- HELO --------------------------------------------------------------------------------------

    @Test
    void heloIsRequiredBeforeMailWhereTheServerSaysSo() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            assertThat(smtp.command("MAIL FROM:<" + SENDER + ">").line()).isEqualTo("503 5.5.1 Error: send HELO/EHLO first");
        }
        // [submission] has smtpd_helo_required = no
        try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
            assertThat(smtp.command("MAIL FROM:<" + SENDER + ">").code()).isEqualTo(250);
        }
    }

    @Test
    void heloChecks() {
        assertThat(rcptWithHelo("bad-helo.example.org"))
            .isEqualTo("554 5.7.1 <bad-helo.example.org>: Helo command rejected: regexp says no");
        assertThat(rcptWithHelo("no.such.friendly.test")).as("regexp OK ends the HELO list").startsWith("250");
        assertThat(rcptWithHelo("-bad-.example")).isEqualTo("501 5.5.2 <-bad-.example>: Helo command rejected: Invalid name");
        assertThat(rcptWithHelo("localhost")).isEqualTo("504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname");
        assertThat(rcptWithHelo("nowhere.checks-helo.test"))
            .isEqualTo("450 4.7.1 <nowhere.checks-helo.test>: Helo command rejected: Host not found");
        assertThat(rcptWithHelo("spam.bad.test"))
            .isEqualTo("554 5.7.1 Service unavailable; Helo command [spam.bad.test] blocked using rhsbl.test");
        assertThat(rcptWithHelo("helo.good.test")).startsWith("250");
    }

    // --- sender ------------------------------------------------------------------------------------

    @Test
    void senderChecks() {
        assertThat(rcptFromSender("dbblocked@good.test"))
            .isEqualTo("554 5.7.1 <dbblocked@good.test>: Sender address rejected: db says no");
        assertThat(rcptFromSender("joe")).isEqualTo("504 5.5.2 <joe>: Sender address rejected: need fully-qualified address");
        assertThat(rcptFromSender("joe@bad.test"))
            .isEqualTo("554 5.7.1 Service unavailable; Sender address [joe@bad.test] blocked using rhsbl.test; bad.test is listed");
        assertThat(rcptFromSender("joe@nx.test")).isEqualTo("450 4.1.8 <joe@nx.test>: Sender address rejected: Domain not found");
        assertThat(rcptFromSender(SENDER)).startsWith("250");
    }

    @Test
    void aTemporaryDnsFailureDefersNeverRejects() {
        String reply = rcptFromSender("joe@broken.test");
        assertThat(reply).startsWith("450 4.").contains("<joe@broken.test>: Sender address rejected");
    }

    // --- recipient ---------------------------------------------------------------------------------

    @Test
    void recipientAccessActions() {
        assertThat(rcptFrom("127.0.0.1", "deferred@" + DOMAIN))
            .isEqualTo("450 4.7.1 <deferred@" + DOMAIN + ">: Recipient address rejected: try again later");
        assertThat(rcptFrom("127.0.0.1", "warned@" + DOMAIN)).startsWith("250");
        assertThat(rcptFrom("127.0.0.1", "dunno@" + DOMAIN)).startsWith("250");
        assertThat(rcptFrom("127.0.0.1", "moved@" + DOMAIN))
            .isEqualTo("551 5.1.6 <moved@" + DOMAIN + ">: Recipient address rejected: moved elsewhere");
    }

    @Test
    void rhsblOfTheRecipientDomain() {
        assertThat(rcptFrom("127.0.0.1", "someone@" + LISTED_DOMAIN))
            .isEqualTo("554 5.7.1 Service unavailable; Recipient address [someone@" + LISTED_DOMAIN
                + "] blocked using rhsbl.test");
    }

    @Test
    void deferUnauthDestinationAsksOutsidersToComeBack() {
        assertThat(rcptFrom("127.0.0.1", "friend@remote.test")).isEqualTo("454 4.7.1 <friend@remote.test>: Relay access denied");
    }

    @Test
    void recipientDomainsMustExistForTrustedClientsOnSubmission() {
        assertThat(rcpt(server.submissionPort(), "127.0.0.1", "laptop.example", SENDER, "friend@remote.test")).startsWith("250");
        assertThat(rcpt(server.submissionPort(), "127.0.0.1", "laptop.example", SENDER, "friend@nowhere.test"))
            .isEqualTo("450 4.1.2 <friend@nowhere.test>: Recipient address rejected: Domain not found");
        assertThat(rcpt(server.submissionPort(), "127.0.0.1", "laptop.example", SENDER, "friend"))
            .isEqualTo("504 5.5.2 <friend>: Recipient address rejected: need fully-qualified address");
    }

    // --- pipelining --------------------------------------------------------------------------------

    @Test
    void pipeliningWithoutEhloIsImproper() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            List<SmtpSession.Reply> replies = smtp.pipeline(List.of("HELO helo.good.test", "MAIL FROM:<" + SENDER + ">",
                "RCPT TO:<" + USER + ">"));
            assertThat(replies.get(2).line())
                .isEqualTo("503 5.5.0 <" + USER + ">: Recipient address rejected: Improper use of SMTP command pipelining");
        }
    }

    @Test
    void commandsSentTogetherWithEhloAreImproper() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            List<SmtpSession.Reply> replies = smtp.pipeline(List.of("EHLO helo.good.test", "MAIL FROM:<" + SENDER + ">",
                "RCPT TO:<" + USER + ">"));
            assertThat(replies.get(1).code()).isEqualTo(250);
            assertThat(replies.get(2).line())
                .isEqualTo("503 5.5.0 <" + USER + ">: Recipient address rejected: Improper use of SMTP command pipelining");
        }
    }

    @Test
    void pipeliningAfterEhloWasAnsweredIsFine() {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            assertThat(smtp.ehlo("helo.good.test").lines()).contains("PIPELINING");
            List<SmtpSession.Reply> replies = smtp.pipeline(List.of("MAIL FROM:<" + SENDER + ">", "RCPT TO:<" + USER + ">",
                "RCPT TO:<warned@" + DOMAIN + ">"));
            assertThat(replies).extracting(SmtpSession.Reply::code).containsExactly(250, 250, 250);
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static String rcptFrom(String clientAddress, String recipient) {
        return rcpt(server.smtpPort(), clientAddress, "helo.good.test", SENDER, recipient);
    }

    private static String rcptWithHelo(String helo) {
        return rcpt(server.smtpPort(), "127.0.0.1", helo, SENDER, USER);
    }

    private static String rcptFromSender(String sender) {
        return rcpt(server.smtpPort(), "127.0.0.1", "helo.good.test", sender, USER);
    }

    private static String rcpt(int port, String clientAddress, String helo, String sender, String recipient) {
        try (SmtpSession smtp = SmtpSession.connectFrom(clientAddress, port)) {
            SmtpSession.expect(smtp.ehlo(helo), 250);
            SmtpSession.expect(smtp.command("MAIL FROM:<" + sender + ">"), 250);
            return smtp.command("RCPT TO:<" + recipient + ">").line();
        }
    }
}
