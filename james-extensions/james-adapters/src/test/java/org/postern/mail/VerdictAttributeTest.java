package org.postern.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.junit.jupiter.api.Test;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;
import org.postern.policy.verdict.RecipientClass;
import org.postern.policy.verdict.RecipientVerdict;

class VerdictAttributeTest {
    private static final MailVerdict VERDICT = new MailVerdict("smtp", "192.0.2.7", "mail.example.net", "mail.example.net", "",
        List.of(new RecipientVerdict("alice@example.com", RecipientClass.HOSTED, "smtpd_recipient_restrictions", "permit")),
        List.of(new PolicyAction(PolicyAction.Kind.HOLD, "", "smtpd_recipient_restrictions", "check_recipient_access")));

    @Test
    void theVerdictSetOnAMailIsReadBackAsOften() throws Exception {
        MailImpl mail = MailImpl.builder().name("m1").build();
        VerdictAttribute.set(mail, VERDICT);

        assertThat(VerdictAttribute.of(mail)).contains(VERDICT);
        assertThat(VerdictAttribute.of(mail)).contains(VERDICT);
    }

    @Test
    void aVerdictThatCameBackFromTheQueueAsNewTextIsReadFromThatText() throws Exception {
        MailImpl mail = MailImpl.builder().name("m2").build();
        String fromQueue = new String(VERDICT.toJson().toCharArray());
        mail.setAttribute(new Attribute(AttributeName.of(VerdictAttribute.NAME), AttributeValue.of(fromQueue)));

        assertThat(VerdictAttribute.of(mail)).contains(VERDICT);
    }

    @Test
    void aReplacedVerdictIsReadAsReplaced() throws Exception {
        MailImpl mail = MailImpl.builder().name("m3").build();
        VerdictAttribute.set(mail, VERDICT);
        VerdictAttribute.of(mail);

        VerdictAttribute.set(mail, VERDICT.without(PolicyAction.Kind.HOLD));

        assertThat(VerdictAttribute.of(mail).orElseThrow().has(PolicyAction.Kind.HOLD)).isFalse();
    }

    @Test
    void textThatIsNotAVerdictIsIgnored() throws Exception {
        MailImpl mail = MailImpl.builder().name("m4").build();
        mail.setAttribute(new Attribute(AttributeName.of(VerdictAttribute.NAME), AttributeValue.of("{not json")));

        assertThat(VerdictAttribute.of(mail)).isEmpty();
        assertThat(VerdictAttribute.of(mail)).isEmpty();
    }
}
