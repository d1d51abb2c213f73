package org.postern.policy.restriction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Each check through a one-line list, with the exact Postfix replies. */
class ChecksTest {
    private final TestEnvironment env = new TestEnvironment();

    private Decision recipientList(String list, SmtpTransaction transaction) {
        return env.list(Stage.RECIPIENT, list).evaluate(transaction);
    }

    private static SmtpTransaction rcpt(String sender, String recipient) {
        return TestEnvironment.rcpt("192.0.2.1", "mail.sender.test", "mail.sender.test", sender, recipient);
    }

    private static SmtpTransaction helo(String name) {
        return TestEnvironment.rcpt("192.0.2.1", "unknown", name, "s@sender.test", "bob@example.com");
    }

    @Test
    void relayControl() {
        assertThat(recipientList("reject_unauth_destination", rcpt("s@sender.test", "x@y.test")).replyLine())
            .isEqualTo("554 5.7.1 <x@y.test>: Relay access denied");
        assertThat(recipientList("defer_unauth_destination", rcpt("s@sender.test", "x@y.test")).replyLine())
            .isEqualTo("454 4.7.1 <x@y.test>: Relay access denied");
        assertThat(recipientList("reject_unauth_destination", rcpt("s@sender.test", "bob@Example.COM.")).accepts()).isTrue();
        assertThat(recipientList("reject_unauth_destination", rcpt("s@sender.test", "x@relay.example")).accepts()).isTrue();
        assertThat(recipientList("reject_unauth_destination", rcpt("s@sender.test", "x%far.test@relay.example")).replyLine())
            .isEqualTo("554 5.7.1 <x%far.test@relay.example>: Relay access denied");
        assertThat(recipientList("permit_auth_destination", rcpt("s@sender.test", "bob@example.com")).verdict())
            .isEqualTo(Verdict.PERMIT);
    }

    @Test
    void trustedNetworksAndLogins() {
        SmtpTransaction lan = TestEnvironment.rcpt("10.9.8.7", "pc", "pc", "s@example.com", "x@far.test");
        assertThat(recipientList("permit_mynetworks", lan).verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(recipientList("permit_mynetworks", rcpt("s@x.test", "x@far.test")).verdict()).isEqualTo(Verdict.DUNNO);
        SmtpTransaction loggedIn = rcpt("s@x.test", "x@far.test").toBuilder().saslUsername("alice").build();
        assertThat(recipientList("permit_sasl_authenticated", loggedIn).verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(recipientList("permit_sasl_authenticated", rcpt("s@x.test", "x@far.test")).verdict()).isEqualTo(Verdict.DUNNO);
    }

    @Test
    void pipelining() {
        SmtpTransaction early = rcpt("s@x.test", "rcpt@example.com").toBuilder().illegalPipelining(true).build();
        assertThat(recipientList("reject_unauth_pipelining", early).replyLine())
            .isEqualTo("503 5.5.0 <rcpt@example.com>: Recipient address rejected: Improper use of SMTP command pipelining");
        assertThat(recipientList("reject_unauth_pipelining", rcpt("s@x.test", "rcpt@example.com")).accepts()).isTrue();
    }

    @Test
    void heloNames() {
        assertThat(env.list(Stage.HELO, "reject_non_fqdn_helo_hostname").evaluate(helo("client")).replyLine())
            .isEqualTo("504 5.5.2 <client>: Helo command rejected: need fully-qualified hostname");
        assertThat(env.list(Stage.HELO, "reject_non_fqdn_helo_hostname").evaluate(helo("client.example.")).accepts()).isTrue();
        assertThat(env.list(Stage.HELO, "reject_non_fqdn_helo_hostname").evaluate(helo("[192.0.2.1]")).accepts()).isTrue();
        assertThat(env.list(Stage.HELO, "reject_invalid_helo_hostname").evaluate(helo("bad_host!")).replyLine())
            .isEqualTo("501 5.5.2 <bad_host!>: Helo command rejected: Invalid name");
        assertThat(env.list(Stage.HELO, "reject_invalid_helo_hostname").evaluate(helo("[321.1.1.1]")).replyLine())
            .isEqualTo("501 5.5.2 <[321.1.1.1]>: Helo command rejected: invalid ip address");
        assertThat(env.list(Stage.HELO, "reject_invalid_helo_hostname").evaluate(helo("[IPv6:2001:db8::1]")).accepts()).isTrue();
        assertThat(env.list(Stage.HELO, "reject_invalid_helo_hostname").evaluate(helo("-bad.example")).verdict()).isEqualTo(Verdict.REJECT);
    }

    @Test
    void unknownHeloHostname() {
        env.dns.address("mx.sender.test", "192.0.2.1").mx("mx-only.test", "mx.sender.test").failing("flaky.test");
        String list = "reject_unknown_helo_hostname";
        assertThat(env.list(Stage.HELO, list).evaluate(helo("mx.sender.test")).accepts()).isTrue();
        assertThat(env.list(Stage.HELO, list).evaluate(helo("mx-only.test")).accepts()).isTrue();
        assertThat(env.list(Stage.HELO, list).evaluate(helo("nowhere.test")).replyLine())
            .isEqualTo("450 4.7.1 <nowhere.test>: Helo command rejected: Host not found");
        assertThat(env.list(Stage.HELO, list).evaluate(helo("flaky.test")).replyLine())
            .isEqualTo("450 4.7.1 <flaky.test>: Helo command rejected: Host not found");
    }

    @Test
    void nonFqdnAddresses() {
        assertThat(recipientList("reject_non_fqdn_recipient", rcpt("s@x.test", "alice")).replyLine())
            .isEqualTo("504 5.5.2 <alice>: Recipient address rejected: need fully-qualified address");
        assertThat(recipientList("reject_non_fqdn_sender", rcpt("u@localhost", "bob@example.com")).replyLine())
            .isEqualTo("504 5.5.2 <u@localhost>: Sender address rejected: need fully-qualified address");
        assertThat(recipientList("reject_non_fqdn_sender", rcpt("", "bob@example.com")).accepts()).isTrue();
        assertThat(recipientList("reject_non_fqdn_recipient", rcpt("s@x.test", "u@[192.0.2.1]")).accepts()).isTrue();
        assertThat(recipientList("reject_non_fqdn_recipient", rcpt("s@x.test", "u@bücher.test")).verdict()).isEqualTo(Verdict.REJECT);
        SmtpTransaction utf8 = rcpt("s@x.test", "u@bücher.test").toBuilder().smtpUtf8(true).build();
        assertThat(recipientList("reject_non_fqdn_recipient", utf8).accepts()).isTrue();
    }

    @Test
    void unknownAddressDomains() {
        env.dns.mx("sender.test", "mx.sender.test").address("a-only.test", "192.0.2.9").nullMx("nomail.test")
            .failing("flaky.test");
        assertThat(recipientList("reject_unknown_recipient_domain", rcpt("s@sender.test", "x@nowhere.test")).replyLine())
            .isEqualTo("450 4.1.2 <x@nowhere.test>: Recipient address rejected: Domain not found");
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@nx.test", "bob@example.com")).replyLine())
            .isEqualTo("450 4.1.8 <u@nx.test>: Sender address rejected: Domain not found");
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@sender.test", "bob@example.com")).accepts()).isTrue();
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@a-only.test", "bob@example.com")).accepts()).isTrue();
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@nomail.test", "bob@example.com")).replyLine())
            .isEqualTo("550 5.7.27 <u@nomail.test>: Sender address rejected: Domain nomail.test does not accept mail (nullMX)");
        assertThat(recipientList("reject_unknown_recipient_domain", rcpt("u@sender.test", "x@nomail.test")).replyLine())
            .isEqualTo("556 5.1.10 <x@nomail.test>: Recipient address rejected: Domain nomail.test does not accept mail (nullMX)");
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@flaky.test", "bob@example.com")).replyLine())
            .isEqualTo("450 4.1.8 <u@flaky.test>: Sender address rejected: Domain not found");
    }

    @Test
    void unknownAddressCodeIsConfigurableButDnsTroubleStaysTemporary() {
        env.parameters.put("unknown_address_reject_code", "550");
        env.dns.failing("flaky.test");
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@nx.test", "bob@example.com")).replyLine())
            .isEqualTo("550 5.1.8 <u@nx.test>: Sender address rejected: Domain not found");
        assertThat(recipientList("reject_unknown_sender_domain", rcpt("u@flaky.test", "bob@example.com")).replyLine())
            .isEqualTo("450 4.1.8 <u@flaky.test>: Sender address rejected: Domain not found");
    }

    @Test
    void internationalDomainsAreLookedUpInAscii() {
        env.dns.mx("xn--bcher-kva.test", "mx.xn--bcher-kva.test");
        SmtpTransaction utf8 = rcpt("u@bücher.test", "bob@example.com").toBuilder().smtpUtf8(true).build();
        assertThat(recipientList("reject_unknown_sender_domain", utf8).accepts()).isTrue();
    }

    @Test
    void ourOwnDomainsAreNotLookedUp() {
        assertThat(recipientList("reject_unknown_recipient_domain", rcpt("s@x.test", "bob@example.com")).accepts()).isTrue();
        assertThat(env.dns.questions()).isEmpty();
    }

    @Test
    void relocatedUsersAreToldWhereTheyMovedBeforeAnythingElse() {
        env.table("db:moved", "john@example.com", "john@new.example", "@old.example", "the sales office, +1 555 0100");
        env.parameters.put("relocated_maps", "db:moved");
        env.parameters.put("recipient_delimiter", "+");

        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "John+work@example.com")).replyLine())
            .isEqualTo("550 5.1.6 <John+work@example.com>: Recipient address rejected: User has moved to john@new.example");
        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "anyone@old.example")).replyLine())
            .isEqualTo("550 5.1.6 <anyone@old.example>: Recipient address rejected: User has moved to the sales office, +1 555 0100");
        assertThat(recipientList("reject_unlisted_sender", rcpt("john@example.com", "bob@example.com")).replyLine())
            .isEqualTo("550 5.1.6 <john@example.com>: Sender address rejected: User has moved to john@new.example");
        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "bob@example.com")).accepts()).isTrue();
    }

    @Test
    void aliasesThatAreErrorsOrLoopAreAnsweredAtRcpt() {
        env.recipients.expandsTo("closed@example.com", org.postern.policy.virtual.Expansion.Status.REFUSED, "mailbox closed");
        env.recipients.expandsTo("a@example.com", org.postern.policy.virtual.Expansion.Status.LOOP, "a@example.com -> b@example.com -> a@example.com");

        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "closed@example.com")).replyLine())
            .isEqualTo("550 5.1.1 <closed@example.com>: Recipient address rejected: mailbox closed");
        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "a@example.com")).replyLine())
            .isEqualTo("451 4.4.6 <a@example.com>: Recipient address rejected: Mail forwarding loop");
        assertThat(recipientList("reject_unlisted_sender", rcpt("a@example.com", "bob@example.com")).accepts()).isTrue();
    }

    @Test
    void unlistedRecipients() {
        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "nobody@example.com")).replyLine())
            .isEqualTo("550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in virtual mailbox table");
        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "Alice@example.com")).accepts()).isTrue();
        assertThat(recipientList("reject_unlisted_recipient", rcpt("s@x.test", "x@far.test")).accepts()).isTrue();
        assertThat(recipientList("reject_unlisted_sender", rcpt("ghost@example.com", "x@far.test")).replyLine())
            .isEqualTo("550 5.1.0 <ghost@example.com>: Sender address rejected: User unknown in virtual mailbox table");
    }

    @Test
    void senderLogins() {
        env.senderOwners.put("boss@example.com", Set.of("boss", "assistant"));
        SmtpTransaction alice = rcpt("boss@example.com", "x@far.test").toBuilder().saslUsername("alice").build();
        SmtpTransaction assistant = alice.toBuilder().saslUsername("Assistant").build();
        SmtpTransaction anonymous = rcpt("boss@example.com", "bob@example.com");
        SmtpTransaction aliceAsStranger = rcpt("someone@far.test", "x@far.test").toBuilder().saslUsername("alice").build();

        assertThat(recipientList("reject_sender_login_mismatch", alice).replyLine())
            .isEqualTo("553 5.7.1 <boss@example.com>: Sender address rejected: not owned by user alice");
        assertThat(recipientList("reject_sender_login_mismatch", assistant).accepts()).isTrue();
        assertThat(recipientList("reject_sender_login_mismatch", anonymous).replyLine())
            .isEqualTo("553 5.7.1 <boss@example.com>: Sender address rejected: not logged in");
        assertThat(recipientList("reject_sender_login_mismatch", aliceAsStranger).replyLine())
            .isEqualTo("553 5.7.1 <someone@far.test>: Sender address rejected: not owned by user alice");
        assertThat(recipientList("reject_known_sender_login_mismatch", aliceAsStranger).accepts()).isTrue();
        assertThat(recipientList("reject_authenticated_sender_login_mismatch", anonymous).accepts()).isTrue();
        assertThat(recipientList("reject_unauthenticated_sender_login_mismatch", alice).accepts()).isTrue();
    }

    @Test
    void dnsBlockLists() {
        env.dns.address("1.2.0.192.zen.example", "127.0.0.4").txt("1.2.0.192.zen.example", "https://zen.example/query/ip/192.0.2.1");
        env.dns.address("2.2.0.192.zen.example", "127.255.255.254");
        env.dns.address("3.2.0.192.zen.example", "127.0.0.2");
        env.dns.failing("4.2.0.192.zen.example");
        SmtpTransaction listed = rcpt("s@x.test", "bob@example.com");

        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example").evaluate(listed).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.example; "
                + "https://zen.example/query/ip/192.0.2.1");
        SmtpTransaction errorCode = listed.toBuilder().clientAddress("192.0.2.2").build();
        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example").evaluate(errorCode).accepts()).isTrue();
        SmtpTransaction withoutTxt = listed.toBuilder().clientAddress("192.0.2.3").build();
        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example").evaluate(withoutTxt).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [192.0.2.3] blocked using zen.example");
        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example=127.0.0.2").evaluate(listed).accepts()).isTrue();
        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example=127.0.0.[2..5]").evaluate(listed).verdict())
            .isEqualTo(Verdict.REJECT);
        SmtpTransaction unreachable = listed.toBuilder().clientAddress("192.0.2.4").build();
        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example").evaluate(unreachable).accepts()).isTrue();
    }

    @Test
    void ipv6ClientsAreQueriedByNibbles() {
        env.dns.address("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.example", "127.0.0.3");
        SmtpTransaction v6 = TestEnvironment.rcpt("2001:db8::1", "unknown", "h.test", "s@x.test", "bob@example.com");
        assertThat(env.list(Stage.CLIENT, "reject_rbl_client zen.example").evaluate(v6).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [2001:db8::1] blocked using zen.example");
    }

    @Test
    void domainBlockLists() {
        env.dns.address("spam.test.dbl.example", "127.0.1.2");
        env.dns.address("spam.test.dbl2.example", "127.0.0.2");
        SmtpTransaction fromSpam = rcpt("u@spam.test", "bob@example.com");
        assertThat(env.list(Stage.SENDER, "reject_rhsbl_sender dbl.example=127.0.1.[2..99]").evaluate(fromSpam).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Sender address [u@spam.test] blocked using dbl.example");
        assertThat(env.list(Stage.SENDER, "reject_rhsbl_sender dbl2.example").evaluate(fromSpam).verdict()).isEqualTo(Verdict.REJECT);
        SmtpTransaction heloSpam = TestEnvironment.rcpt("192.0.2.1", "spam.test", "spam.test", "s@x.test", "u@spam.test");
        assertThat(env.list(Stage.HELO, "reject_rhsbl_helo dbl2.example").evaluate(heloSpam).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Helo command [spam.test] blocked using dbl2.example");
        assertThat(env.list(Stage.CLIENT, "reject_rhsbl_client dbl2.example").evaluate(heloSpam).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Client host [spam.test] blocked using dbl2.example");
        assertThat(env.list(Stage.RECIPIENT, "reject_rhsbl_recipient dbl2.example").evaluate(heloSpam).replyLine())
            .isEqualTo("554 5.7.1 Service unavailable; Recipient address [u@spam.test] blocked using dbl2.example");
        SmtpTransaction numeric = rcpt("u@192.0.2.1", "bob@example.com");
        assertThat(env.list(Stage.SENDER, "reject_rhsbl_sender dbl2.example").evaluate(numeric).accepts()).isTrue();
        assertThat(env.dns.questions()).noneMatch(question -> question.contains("192.0.2.1.dbl2"));
    }

    @Test
    void dnsAllowLists() {
        env.dns.address("1.2.0.192.wl.example", "127.0.0.2");
        env.dns.failing("5.2.0.192.wl.example");
        assertThat(recipientList("permit_dnswl_client wl.example, reject", rcpt("s@x.test", "bob@example.com")).verdict())
            .isEqualTo(Verdict.PERMIT);
        assertThat(recipientList("permit_dnswl_client wl.example, reject_unauth_destination", rcpt("s@x.test", "x@far.test")).replyLine())
            .isEqualTo("554 5.7.1 <x@far.test>: Relay access denied");
        SmtpTransaction unreachable = rcpt("s@x.test", "bob@example.com").toBuilder().clientAddress("192.0.2.5").build();
        assertThat(recipientList("permit_dnswl_client wl.example, reject", unreachable).replyLine())
            .isEqualTo("450 4.7.1 <192.0.2.5>: Client host rejected: Service unavailable");
    }

    @Test
    void accessMapsNameTheirSubject() {
        env.table("hash:/etc/postfix/access", "s@x.test", "REJECT", "192.0.2", "REJECT", "spammer.test", "REJECT",
            "bad@example.com", "REJECT");
        SmtpTransaction transaction = TestEnvironment.rcpt("192.0.2.1", "mail.sender.test", "relay.spammer.test", "s@x.test",
            "bad@example.com");
        assertThat(recipientList("check_sender_access hash:/etc/postfix/access", transaction).replyLine())
            .isEqualTo("554 5.7.1 <s@x.test>: Sender address rejected: Access denied");
        assertThat(recipientList("check_client_access hash:/etc/postfix/access", transaction).replyLine())
            .isEqualTo("554 5.7.1 <mail.sender.test[192.0.2.1]>: Client host rejected: Access denied");
        assertThat(recipientList("check_helo_access hash:/etc/postfix/access", transaction).replyLine())
            .isEqualTo("554 5.7.1 <relay.spammer.test>: Helo command rejected: Access denied");
        assertThat(recipientList("check_recipient_access hash:/etc/postfix/access", transaction).replyLine())
            .isEqualTo("554 5.7.1 <bad@example.com>: Recipient address rejected: Access denied");
    }

    private Decision senderAccess(String value) {
        env.table("db:senders", "s@x.test", value);
        return recipientList("check_sender_access db:senders", rcpt("s@x.test", "bob@example.com"));
    }

    @Test
    void accessActions() {
        assertThat(senderAccess("REJECT No thanks").replyLine()).isEqualTo("554 5.7.1 <s@x.test>: Sender address rejected: No thanks");
        assertThat(senderAccess("REJECT 5.1.1 Gone").replyLine()).isEqualTo("554 5.1.0 <s@x.test>: Sender address rejected: Gone");
        assertThat(senderAccess("DEFER").replyLine()).isEqualTo("450 4.7.1 <s@x.test>: Sender address rejected: Access denied");
        assertThat(senderAccess("550 5.7.0 Spammer").replyLine()).isEqualTo("550 5.7.0 <s@x.test>: Sender address rejected: Spammer");
        assertThat(senderAccess("421 Try later").replyLine()).isEqualTo("421 4.7.1 <s@x.test>: Sender address rejected: Try later");
        assertThat(senderAccess("OK").verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(senderAccess("1700000000").verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(senderAccess("DUNNO").verdict()).isEqualTo(Verdict.DUNNO);
        assertThat(senderAccess("DEFER_IF_PERMIT checking").replyLine())
            .isEqualTo("450 4.7.1 <s@x.test>: Sender address rejected: checking");
        assertThat(senderAccess("permit_mynetworks, reject").replyLine())
            .isEqualTo("554 5.7.1 <s@x.test>: Sender address rejected: Access denied");
        assertThat(senderAccess("reject_bogus").replyLine()).isEqualTo("451 4.3.5 Server configuration error");
    }

    @Test
    void warnAndDeliveryRequestsAreSideEffects() {
        Decision warned = senderAccess("WARN looks odd");
        assertThat(warned.verdict()).isEqualTo(Verdict.DUNNO);
        assertThat(warned.sideEffects()).singleElement()
            .isEqualTo(new SideEffect(SideEffect.Kind.WARN, "looks odd", "check_sender_access db:senders", "smtpd_recipient_restrictions"));
        assertThat(senderAccess("HOLD").sideEffects()).extracting(SideEffect::kind).containsExactly(SideEffect.Kind.HOLD);
        Decision discarded = senderAccess("DISCARD");
        assertThat(discarded.verdict()).isEqualTo(Verdict.DISCARD);
        assertThat(discarded.accepts()).isTrue();
    }

    @Test
    void theNullSenderIsLookedUpAsItsKey() {
        env.table("db:senders", "<>", "REJECT no bounces here");
        assertThat(recipientList("check_sender_access db:senders", rcpt("", "bob@example.com")).replyLine())
            .isEqualTo("554 5.7.1 <>: Sender address rejected: no bounces here");
    }

    @Test
    void aTableThatCannotAnswerDefers() {
        env.table("db:senders").failing();
        assertThat(recipientList("check_sender_access db:senders", rcpt("s@x.test", "bob@example.com")).replyLine())
            .isEqualTo("451 4.3.5 <s@x.test>: Sender address rejected: Server configuration error");
    }

    @Test
    void okDoesNotLetASourceRoutedRecipientThrough() {
        env.table("db:rcpt", "relay.example", "OK");
        assertThat(recipientList("check_recipient_access db:rcpt", rcpt("s@x.test", "u%far.test@relay.example")).verdict())
            .isEqualTo(Verdict.DUNNO);
        assertThat(recipientList("check_recipient_access db:rcpt", rcpt("s@x.test", "u@relay.example")).verdict())
            .isEqualTo(Verdict.PERMIT);
    }

    @Test
    void genericRestrictions() {
        SmtpTransaction transaction = rcpt("s@x.test", "bob@example.com");
        assertThat(recipientList("permit, reject", transaction).verdict()).isEqualTo(Verdict.PERMIT);
        assertThat(recipientList("defer_if_permit, permit", transaction).replyLine())
            .isEqualTo("450 4.7.0 <bob@example.com>: Recipient address rejected: defer_if_permit requested");
        SmtpTransaction secondBounce = rcpt("", "bob@example.com").toBuilder().recipientCount(1).build();
        assertThat(recipientList("reject_multi_recipient_bounce", secondBounce).replyLine())
            .isEqualTo("550 5.5.3 <bob@example.com>: Recipient address rejected: Multi-recipient bounce");
        assertThat(recipientList("reject_multi_recipient_bounce", rcpt("", "bob@example.com")).accepts()).isTrue();
        SmtpTransaction data = secondBounce.toBuilder().protocolState(ProtocolState.DATA).build();
        assertThat(env.list(Stage.DATA, "reject_multi_recipient_bounce").evaluate(data).accepts()).isTrue();
    }
}
