package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.junit.jupiter.api.Test;

class CachingDomainListTest {
    private static final Domain EXAMPLE = Domain.of("example.com");

    /** The database: counts the questions it is asked. */
    private static final class CountingDomainList implements DomainList {
        final Set<Domain> domains = new HashSet<>();
        int lookups;
        boolean down;

        @Override
        public List<Domain> getDomains() {
            return new ArrayList<>(domains);
        }

        @Override
        public boolean containsDomain(Domain domain) throws DomainListException {
            lookups++;
            if (down) {
                throw new DomainListException("database down");
            }
            return domains.contains(domain);
        }

        @Override
        public void addDomain(Domain domain) {
            domains.add(domain);
        }

        @Override
        public void removeDomain(Domain domain) {
            domains.remove(domain);
        }

        @Override
        public Domain getDefaultDomain() {
            return Domain.LOCALHOST;
        }
    }

    private final CountingDomainList database = new CountingDomainList();
    private final CachingDomainList domains = new CachingDomainList(database);

    @Test
    void repeatedQuestionsReachTheDatabaseOnce() throws Exception {
        database.domains.add(EXAMPLE);

        for (int i = 0; i < 5; i++) {
            assertThat(domains.containsDomain(EXAMPLE)).isTrue();
            assertThat(domains.containsDomain(Domain.of("other.org"))).isFalse();
        }

        assertThat(database.lookups).isEqualTo(2);
    }

    @Test
    void aDomainAddedOrRemovedThroughTheServerCountsAtOnce() throws Exception {
        assertThat(domains.containsDomain(EXAMPLE)).isFalse();

        domains.addDomain(EXAMPLE);
        assertThat(domains.containsDomain(EXAMPLE)).isTrue();

        domains.removeDomain(EXAMPLE);
        assertThat(domains.containsDomain(EXAMPLE)).isFalse();
    }

    @Test
    void aDatabaseFailureIsReportedNotCachedAsAnAnswer() throws Exception {
        database.down = true;
        assertThatThrownBy(() -> domains.containsDomain(EXAMPLE)).isInstanceOf(DomainListException.class).hasMessage("database down");

        database.down = false;
        database.domains.add(EXAMPLE);
        assertThat(domains.containsDomain(EXAMPLE)).isTrue();
    }
}
