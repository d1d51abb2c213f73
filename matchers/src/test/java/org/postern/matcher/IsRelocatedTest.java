package org.postern.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.Test;
import org.postern.policy.access.MemoryTable;
import org.postern.policy.address.RelocatedUsers;
import org.postern.policy.table.LookupTable;
import org.postern.policy.table.RecipientDelimiter;

class IsRelocatedTest {
    private static final LookupTable RELOCATED = MemoryTable.of("db:relocated", "john@example.com", "john@new.example",
        "@old.example", "the sales office");

    private static IsRelocated matcher(List<LookupTable> tables) throws Exception {
        IsRelocated matcher = new IsRelocated(new RelocatedUsers(tables, RecipientDelimiter.of("+")));
        matcher.init(FakeMatcherConfig.builder().matcherName("IsRelocated").build());
        return matcher;
    }

    @Test
    void matchesTheRecipientsWhoMovedWithTheirExtensionsAndDomains() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("john+x@example.com", "anyone@old.example", "alice@example.com").build();

        assertThat(matcher(List.of(RELOCATED)).match(mail))
            .containsExactly(new MailAddress("john+x@example.com"), new MailAddress("anyone@old.example"));
    }

    @Test
    void withoutRelocatedMapsNothingMatches() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("john@example.com").build();

        assertThat(matcher(List.of()).match(mail)).isEmpty();
    }

    @Test
    void whenTheTableDoesNotAnswerEveryRecipientIsLeftToTheMailetWhichDefers() throws Exception {
        FakeMail mail = FakeMail.builder().name("m").recipients("john@example.com", "alice@example.com").build();

        assertThat(matcher(List.of(MemoryTable.of("db:relocated").failing())).match(mail))
            .containsExactly(new MailAddress("john@example.com"), new MailAddress("alice@example.com"));
    }
}
