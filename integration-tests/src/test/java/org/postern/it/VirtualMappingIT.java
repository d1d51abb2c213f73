package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackSmtpSink;

/**
 * Virtual domains as Postfix's virtual(5) tutorials set them up, on a server whose relay goes to a smarthost sink:
 * lists, catch-alls, address extensions, forwards, loops, role accounts and the headers of local delivery, judged
 * at RCPT and carried out in the pipeline.
 */
class VirtualMappingIT {
    private static final String DOMAIN = "virtual.test";
    private static final String ALICE = "alice@" + DOMAIN;
    private static final String BOB = "bob@" + DOMAIN;
    private static final String ADMIN = "admin@" + DOMAIN;
    private static final String PASSWORD = "virtual-password";
    private static final String SENDER = "someone@remote.test";

    private static LoopbackSmtpSink smarthost;
    private static PosternProcess server;

    @BeforeAll
    static void start() {
        smarthost = LoopbackSmtpSink.start();
        server = PosternProcess.builder()
            .editConf("policy.cf", text -> text.replace("smtpd_recipient_restrictions = reject_non_fqdn_recipient",
                "smtpd_recipient_restrictions = reject_non_fqdn_recipient, check_recipient_access db:rcpt_access"))
            .editConf("mailetcontainer.xml", text -> text.replace("<outgoingQueue>outgoing</outgoingQueue>",
                "<outgoingQueue>outgoing</outgoingQueue>\n                <gateway>127.0.0.1</gateway>\n"
                    + "                <gatewayPort>" + smarthost.port() + "</gatewayPort>"))
            .build().start();
        WebAdminClient webAdmin = server.webAdmin();
        webAdmin.createDomain(DOMAIN);
        for (String user : List.of(ALICE, BOB, ADMIN)) {
            webAdmin.createUser(user, PASSWORD);
        }
        webAdmin.createAlias("postmaster@" + server.hostname(), ADMIN);
    }

    @AfterAll
    static void stop() {
        try {
            server.close();
        } finally {
            smarthost.close();
        }
    }

    private static String send(String recipient, String message) {
        return send(List.of(recipient), message);
    }

    private static String send(List<String> recipients, String message) {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("mail.remote.test");
            return smtp.send(SENDER, recipients, message).line();
        }
    }

    private static String rcpt(String recipient) {
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("mail.remote.test");
            SmtpSession.expect(smtp.command("MAIL FROM:<" + SENDER + ">"), 250);
            return smtp.command("RCPT TO:<" + recipient + ">").line();
        }
    }

    private static long copies(String user, String subject) {
        return Mailboxes.imapSubjects(server, user, PASSWORD).stream().filter(subject::equals).count();
    }

    @Test
    void aListDeliversOneCopyToEachMemberEvenWhenAMemberIsAlsoARecipient() {
        assertThat(server.webAdmin().postText("/policy/maps/virtual", "team@" + DOMAIN + "  " + ALICE + ", " + BOB + "\n").status())
            .isEqualTo(200);
        String subject = Messages.uniqueSubject("to the team");

        assertThat(send(List.of("team@" + DOMAIN, ALICE), Messages.message(SENDER, "team@" + DOMAIN, subject, "hello all")))
            .startsWith("250");

        Mailboxes.await("the team message at Bob's", () -> copies(BOB, subject), count -> count == 1);
        Mailboxes.await("the team message at Alice's", () -> copies(ALICE, subject), count -> count >= 1);
        assertThat(copies(ALICE, subject)).isEqualTo(1);
        String delivered = Mailboxes.awaitMessage(server, BOB, PASSWORD, subject);
        assertThat(delivered).contains("Delivered-To: " + BOB).contains("X-Original-To: team@" + DOMAIN)
            .contains("Return-Path: <" + SENDER + ">");
    }

    @Test
    void theCatchAllTakesUnknownAddressesButNotOnesWithTheirOwnMailboxAndTheAccessMapStillRefuses() {
        String catchAll = "catchall.test";
        server.webAdmin().createDomain(catchAll);
        server.webAdmin().createUser("carol@" + catchAll, PASSWORD);
        assertThat(server.webAdmin().putJson("/virtual/catch-all/" + catchAll, "{\"destination\":\"" + BOB + "\"}").status())
            .isEqualTo(204);
        assertThat(server.webAdmin().get("/virtual/catch-all").body())
            .contains("{\"domain\":\"" + catchAll + "\",\"destination\":\"" + BOB + "\"}");
        server.webAdmin().declareTable("rcpt_access", "access");
        server.webAdmin().putJson("/policy/tables/rcpt_access/entries/blocked@" + catchAll, "{\"value\":\"REJECT\"}");

        String toAnyone = Messages.uniqueSubject("to anyone");
        String toCarol = Messages.uniqueSubject("to carol");
        assertThat(send("whoever@" + catchAll, Messages.message(SENDER, "whoever@" + catchAll, toAnyone, "x"))).startsWith("250");
        assertThat(send("carol@" + catchAll, Messages.message(SENDER, "carol@" + catchAll, toCarol, "x"))).startsWith("250");

        Mailboxes.await("the catch-all's message at Bob's", () -> copies(BOB, toAnyone), count -> count == 1);
        Mailboxes.await("Carol's own message", () -> Mailboxes.imapSubjects(server, "carol@" + catchAll, PASSWORD),
            subjects -> subjects.contains(toCarol));
        assertThat(copies(BOB, toCarol)).isZero();
        assertThat(rcpt("blocked@" + catchAll))
            .isEqualTo("554 5.7.1 <blocked@" + catchAll + ">: Recipient address rejected: Access denied");
    }

    @Test
    void anAddressExtensionIsAcceptedAndDeliveredToItsMailbox() {
        String subject = Messages.uniqueSubject("newsletter");

        assertThat(send("alice+news@" + DOMAIN, Messages.message(SENDER, "alice+news@" + DOMAIN, subject, "news"))).startsWith("250");

        String delivered = Mailboxes.awaitMessage(server, ALICE, PASSWORD, subject);
        assertThat(delivered).contains("Delivered-To: " + ALICE).contains("X-Original-To: alice+news@" + DOMAIN);
        assertThat(rcpt("nobody+news@" + DOMAIN))
            .isEqualTo("550 5.1.1 <nobody+news@" + DOMAIN + ">: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void aForwardToAnOutsideAddressIsRelayedAndLoopsAreAnsweredAtRcpt() {
        server.webAdmin().postText("/policy/maps/virtual", String.join("\n",
            "fwd@" + DOMAIN + "  friend@remote.test",
            "loop-a@" + DOMAIN + "  loop-b@" + DOMAIN,
            "loop-b@" + DOMAIN + "  loop-a@" + DOMAIN, ""));
        String subject = Messages.uniqueSubject("forwarded");

        assertThat(send("fwd@" + DOMAIN, Messages.message(SENDER, "fwd@" + DOMAIN, subject, "onwards"))).startsWith("250");

        List<LoopbackSmtpSink.ReceivedMessage> relayed = Mailboxes.await("the forward at the smarthost",
            () -> smarthost.messages().stream().filter(message -> message.data().contains(subject)).toList(), found -> !found.isEmpty());
        assertThat(relayed.get(0).rcptTo()).containsExactly("friend@remote.test");
        assertThat(rcpt("loop-a@" + DOMAIN)).isEqualTo("451 4.4.6 <loop-a@" + DOMAIN + ">: Recipient address rejected: Mail forwarding loop");
    }

    @Test
    void aMessageThatWasDeliveredToItsMailboxBeforeIsRefusedAsAForwardingLoop() {
        String looping = "Delivered-To: " + BOB + "\r\n" + Messages.message(SENDER, "team@" + DOMAIN, "looping", "again");
        server.webAdmin().postText("/policy/maps/virtual", "team@" + DOMAIN + "  " + ALICE + ", " + BOB + "\n");
        try (SmtpSession smtp = SmtpSession.connect(server.smtpPort())) {
            smtp.ehlo("mail.remote.test");
            SmtpSession.expect(smtp.command("MAIL FROM:<" + SENDER + ">"), 250);
            SmtpSession.expect(smtp.command("RCPT TO:<team@" + DOMAIN + ">"), 250);

            assertThat(smtp.data(looping).line()).isEqualTo("554 5.4.6 Error: mail forwarding loop for " + BOB);
        }
    }

    @Test
    void aDomainAliasAndRoleAccountsReachTheirMailboxes() {
        server.webAdmin().createDomain("valias.test");
        assertThat(server.webAdmin().postText("/policy/maps/virtual", "@valias.test  @" + DOMAIN + "\n").status()).isEqualTo(200);
        assertThat(server.webAdmin().get("/policy/maps/virtual").body()).contains("@valias.test\t@" + DOMAIN);
        String viaAlias = Messages.uniqueSubject("via the domain alias");
        String toAbuse = Messages.uniqueSubject("abuse report");

        assertThat(send("bob@valias.test", Messages.message(SENDER, "bob@valias.test", viaAlias, "x"))).startsWith("250");
        assertThat(send("abuse@" + DOMAIN, Messages.message(SENDER, "abuse@" + DOMAIN, toAbuse, "spam from you"))).startsWith("250");

        Mailboxes.await("the domain alias's message at Bob's", () -> copies(BOB, viaAlias), count -> count == 1);
        Mailboxes.await("abuse@ at the postmaster's", () -> copies(ADMIN, toAbuse), count -> count == 1);
        assertThat(rcpt("nobody@valias.test"))
            .isEqualTo("550 5.1.1 <nobody@valias.test>: Recipient address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void aVirtualMapWithABadLineIsRefusedWhole() {
        WebAdminClient.Reply reply = server.webAdmin().postText("/policy/maps/virtual?mode=replace",
            "ok@" + DOMAIN + " " + ALICE + "\nbad@" + DOMAIN + " bob\nstranger@nowhere.test " + ALICE + "\n");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("nothing was written");
        assertThat(server.webAdmin().get("/policy/maps/virtual").body()).doesNotContain("ok@" + DOMAIN);

        WebAdminClient.Reply foreign = server.webAdmin().postText("/policy/maps/virtual", "stranger@nowhere.test " + ALICE + "\n");
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.body()).contains("the domain nowhere.test is not hosted here");
    }

    @Test
    void aListOfAHundredMembersIsKeptWholeAndDeliversOnceToEachMailbox() {
        List<String> members = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            members.add("alice+member-number-" + i + "@" + DOMAIN);
            members.add("bob+member-number-" + i + "@" + DOMAIN);
        }
        WebAdminClient.Reply imported = server.webAdmin().postText("/policy/maps/virtual",
            "hundred@" + DOMAIN + "  " + String.join(", ", members) + "\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(server.webAdmin().get("/policy/maps/virtual").body()).contains(members.toArray(String[]::new));
        String subject = Messages.uniqueSubject("to the hundred");

        assertThat(send("hundred@" + DOMAIN, Messages.message(SENDER, "hundred@" + DOMAIN, subject, "all of you"))).startsWith("250");

        Mailboxes.await("the message at Alice's", () -> copies(ALICE, subject), count -> count == 1);
        Mailboxes.await("the message at Bob's", () -> copies(BOB, subject), count -> count == 1);
    }

    @Test
    void anOutsideRecipientThatAListAlsoNamesGetsTheMailOnce() {
        server.webAdmin().postText("/policy/maps/virtual", "pals@" + DOMAIN + "  " + ALICE + ", pal@remote.test, other@remote.test\n");
        String subject = Messages.uniqueSubject("to the pals");

        // Bob, logged in on the smtps port, may send to the outside
        try (SmtpSession smtp = SmtpSession.connectImplicitTls(server.smtpsPort(), TestTls.trustAll())) {
            smtp.ehlo("bobs.laptop.test");
            SmtpSession.expect(smtp.authPlain(BOB, PASSWORD), 235);
            assertThat(smtp.send(BOB, List.of("pals@" + DOMAIN, "pal@remote.test"),
                Messages.message(BOB, "pals@" + DOMAIN, subject, "hi")).line()).startsWith("250");
        }

        // the mail itself goes to pal, the list's forward to the list's other outside member only
        List<List<String>> relayed = Mailboxes.await("the mail and the list's forward at the smarthost",
            () -> smarthost.messages().stream().filter(message -> message.data().contains(subject))
                .map(LoopbackSmtpSink.ReceivedMessage::rcptTo).toList(),
            found -> found.size() == 2);
        assertThat(relayed).containsExactlyInAnyOrder(List.of("pal@remote.test"), List.of("other@remote.test"));
        Mailboxes.await("the message at Alice's", () -> copies(ALICE, subject), count -> count == 1);
    }

    @Test
    void exportingAndImportingTheTableBackKeepsJamessOwnMappings() {
        assertThat(server.webAdmin().put("/address/groups/staff@" + DOMAIN + "/" + ALICE).status()).isEqualTo(204);
        String exported = server.webAdmin().get("/policy/maps/virtual").body();
        assertThat(exported).contains("staff@" + DOMAIN + "\t" + ALICE);

        WebAdminClient.Reply reimported = server.webAdmin().postText("/policy/maps/virtual?mode=replace", exported);

        assertThat(reimported.status()).as(reimported.body()).isEqualTo(200);
        assertThat(server.webAdmin().get("/address/groups/staff@" + DOMAIN).body()).contains(ALICE);
        assertThat(server.webAdmin().get("/policy/maps/virtual").body()).isEqualTo(exported);
    }

    @Test
    void addressesTheAliasTableCannotHoldAreRefused() {
        WebAdminClient.Reply semicolon = server.webAdmin().postText("/policy/maps/virtual",
            "semi@" + DOMAIN + "  \"a;b\"@remote.test\n");
        WebAdminClient.Reply badSyntax = server.webAdmin().postText("/policy/maps/virtual", "dots@" + DOMAIN + "  a..b@remote.test\n");
        WebAdminClient.Reply emptyReplace = server.webAdmin().postText("/policy/maps/virtual?mode=replace", "# nothing\n");

        assertThat(semicolon.status()).isEqualTo(400);
        assertThat(semicolon.body()).contains("cannot hold an address with ';' or ':'");
        assertThat(badSyntax.status()).isEqualTo(400);
        assertThat(badSyntax.body()).contains("separated by single dots");
        assertThat(emptyReplace.status()).isEqualTo(400);
        assertThat(emptyReplace.body()).contains("the map has no entry");
    }
}
