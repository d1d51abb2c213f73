package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.postern.testing.LoopbackSmtpSink;

/**
 * A message accepted (250) while its delivery cannot proceed, the server killed with SIGKILL,
 * then restarted: the message is delivered. Remote delivery goes to a smarthost (the relayhost an admin
 * configures in mailetcontainer.xml) on a loopback port where nothing listens until after the restart.
 */
class CrashDurabilityIT {
    private static final String DOMAIN = "crash.test";
    private static final String USER = "carl@" + DOMAIN;
    private static final String PASSWORD = "carl-password";

    @Test
    void anAcceptedMessageIsDeliveredAfterSigkillAndRestart() {
        int smarthostPort = PosternProcess.freePort();
        String recipient = "far@away.example";
        String subject = Messages.uniqueSubject("survives kill -9");
        try (PosternProcess server = PosternProcess.builder()
                .editConf("mailetcontainer.xml", conf -> conf
                    .replace("<outgoingQueue>outgoing</outgoingQueue>",
                        "<outgoingQueue>outgoing</outgoingQueue>\n"
                            + "                <gateway>127.0.0.1</gateway>\n"
                            + "                <gatewayPort>" + smarthostPort + "</gatewayPort>")
                    .replace("<delayTime>4*5 minutes, 4*30 minutes, 8*2 hours, 14*6 hours</delayTime>",
                        "<delayTime>30*2 seconds</delayTime>"))
                .build()
                .start()) {
            server.webAdmin().createDomain(DOMAIN);
            server.webAdmin().createUser(USER, PASSWORD);

            try (SmtpSession smtp = SmtpSession.connect(server.submissionPort())) {
                smtp.ehlo("laptop.example");
                smtp.startTls(TestTls.trustAll());
                smtp.ehlo("laptop.example");
                SmtpSession.expect(smtp.authPlain(USER, PASSWORD), 235);
                assertThat(smtp.send(USER, List.of(recipient), Messages.message(USER, recipient, subject, "durable")).code())
                    .isEqualTo(250);
            }
            Mailboxes.await("message waiting for a retry in the outgoing queue",
                () -> server.webAdmin().get("/mailQueues/outgoing/mails").body(), body -> body.contains(recipient));

            server.kill();
            server.start();

            try (LoopbackSmtpSink smarthost = LoopbackSmtpSink.start(smarthostPort)) {
                List<LoopbackSmtpSink.ReceivedMessage> received = smarthost.awaitMessages(1, Duration.ofSeconds(90));

                assertThat(received).hasSize(1);
                assertThat(received.get(0).rcptTo()).containsExactly(recipient);
                assertThat(received.get(0).data()).contains("Subject: " + subject).contains("durable");
            }
        }
    }
}
