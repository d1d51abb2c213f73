package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class ErrorTextForSenderTest {
    private static ErrorTextForSender mailet() throws Exception {
        ErrorTextForSender mailet = new ErrorTextForSender();
        mailet.init(FakeMailetConfig.builder().mailetName("ErrorTextForSender").mailetContext(FakeMailContext.defaultContext()).build());
        return mailet;
    }

    @Test
    void aFailuresStackTraceIsReplacedByANotice() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").recipients("bob@example.com").build();
        mail.setErrorMessage("Exception calling LocalDelivery: database down\njava.sql.SQLException: ...\n\tat org.example.Db.query");
        mail.setAttribute(new Attribute(Mail.MAILET_ERROR, AttributeValue.ofUnserializable(new IllegalStateException("down"))));

        mailet().service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo(ErrorTextForSender.TEXT);
    }

    @Test
    void aReasonAMailetGaveIsKept() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").recipients("bob@example.com").build();
        mail.setErrorMessage("5.4.6 mail forwarding loop for bob@example.com");

        mailet().service(mail);

        assertThat(mail.getErrorMessage()).isEqualTo("5.4.6 mail forwarding loop for bob@example.com");
    }
}
