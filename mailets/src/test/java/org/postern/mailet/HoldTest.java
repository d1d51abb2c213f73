package org.postern.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.postern.mail.HoldArea;
import org.postern.mail.VerdictAttribute;
import org.postern.policy.verdict.MailVerdict;
import org.postern.policy.verdict.PolicyAction;

class HoldTest {
    private final MemoryMailRepository held = new MemoryMailRepository();
    private final MailRepositoryStore store = new MailRepositoryStore() {
        @Override
        public MailRepository select(MailRepositoryUrl url) {
            assertThat(url).isEqualTo(HoldArea.URL);
            return held;
        }

        @Override
        public Optional<Protocol> defaultProtocol() {
            return Optional.of(new Protocol("memory"));
        }

        @Override
        public Optional<MailRepository> get(MailRepositoryUrl url) {
            return Optional.of(held);
        }

        @Override
        public Stream<MailRepository> getByPath(MailRepositoryPath path) {
            return Stream.of(held);
        }

        @Override
        public Stream<MailRepositoryUrl> getUrls() {
            return Stream.of(HoldArea.URL);
        }
    };

    @Test
    void theMailIsKeptInTheHoldAreaAndGoesNoFurther() throws Exception {
        Hold hold = new Hold(store);
        hold.init(FakeMailetConfig.builder().mailetName("Hold").build());
        FakeMail mail = FakeMail.builder().name("m1").sender("someone@sender.test").recipients("bob@example.com").build();
        VerdictAttribute.set(mail, new MailVerdict("smtp", "192.0.2.1", "", "", "", List.of(),
            List.of(new PolicyAction(PolicyAction.Kind.HOLD, "suspicious", "l", "check_client_access db:clients"))));

        hold.service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.GHOST);
        assertThat(held.size()).isEqualTo(1);
        Mail kept = held.retrieve(held.list().next());
        assertThat(kept.getRecipients()).isEqualTo(mail.getRecipients());
        assertThat(VerdictAttribute.of(kept).orElseThrow().has(PolicyAction.Kind.HOLD)).isTrue();
    }
}
