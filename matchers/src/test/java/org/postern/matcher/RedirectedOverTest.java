package org.postern.matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;

class RedirectedOverTest {
    private static RedirectedOver matcher(String condition) throws MessagingException {
        RedirectedOver matcher = new RedirectedOver();
        matcher.init(FakeMatcherConfig.builder().matcherName("RedirectedOver").condition(condition).build());
        return matcher;
    }

    private static FakeMail mail(int redirects) throws MessagingException {
        return FakeMail.builder().name(RedirectedOver.PREFIX.repeat(redirects) + "Mail1234-5678").recipients("alice@example.com").build();
    }

    @Test
    void mailRedirectedMoreThanTheLimitMatchesAndMailWithinItDoesNot() throws Exception {
        RedirectedOver matcher = matcher("3");

        assertThat(matcher.match(mail(0))).isEmpty();
        assertThat(matcher.match(mail(3))).isEmpty();
        assertThat(matcher.match(mail(4))).containsExactly(new MailAddress("alice@example.com"));
    }

    @Test
    void theLimitMustBeANumber() {
        assertThatThrownBy(() -> matcher("ten")).hasMessageContaining("RedirectedOver needs a number of redirects");
        assertThatThrownBy(() -> matcher("0")).hasMessageContaining("RedirectedOver needs a number of redirects");
    }
}
