package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.core.Domain;
import org.apache.james.domainlist.lib.DomainListConfiguration;
import org.apache.james.domainlist.memory.MemoryDomainList;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.james.user.memory.MemoryUsersRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachingRecipientRewriteTableTest {
    private static final Domain EXAMPLE = Domain.of("example.com");

    /** The database: counts the resolutions it is asked for. */
    private static final class CountingTable extends MemoryRecipientRewriteTable {
        int resolutions;

        @Override
        public Mappings getResolvedMappings(String user, Domain domain, EnumSet<Mapping.Type> types)
            throws ErrorMappingException, RecipientRewriteTableException {
            resolutions++;
            return super.getResolvedMappings(user, domain, types);
        }
    }

    private final CountingTable database = new CountingTable();
    private CachingRecipientRewriteTable aliases;

    @BeforeEach
    void setUp() throws Exception {
        MemoryDomainList domains = new MemoryDomainList(null);
        domains.configure(DomainListConfiguration.builder().autoDetect(false).autoDetectIp(false).build());
        domains.addDomain(EXAMPLE);
        database.setDomainList(domains);
        database.setUsersRepository(MemoryUsersRepository.withVirtualHosting(domains));
        database.configure(new BaseHierarchicalConfiguration());
        aliases = new CachingRecipientRewriteTable(database);
    }

    @Test
    void repeatedResolutionsReachTheDatabaseOnce() throws Exception {
        aliases.addAliasMapping(MappingSource.fromUser("info", EXAMPLE), "alice@example.com");
        aliases.getResolvedMappings("info", EXAMPLE);
        aliases.getResolvedMappings("nobody", EXAMPLE);
        int firstTime = database.resolutions;
        for (int i = 0; i < 5; i++) {
            assertThat(aliases.getResolvedMappings("info", EXAMPLE).asStream().map(Mapping::asString))
                .containsExactly("alias:alice@example.com");
            assertThat(aliases.getResolvedMappings("nobody", EXAMPLE).isEmpty()).isTrue();
        }
        assertThat(database.resolutions).isEqualTo(firstTime);
    }

    @Test
    void aChangeMadeThroughTheServerCountsAtOnce() throws Exception {
        assertThat(aliases.getResolvedMappings("info", EXAMPLE).isEmpty()).isTrue();
        assertThat(aliases.getStoredMappings(MappingSource.fromUser("info", EXAMPLE)).isEmpty()).isTrue();

        aliases.addAliasMapping(MappingSource.fromUser("info", EXAMPLE), "alice@example.com");
        assertThat(aliases.getResolvedMappings("info", EXAMPLE).isEmpty()).isFalse();
        assertThat(aliases.getStoredMappings(MappingSource.fromUser("info", EXAMPLE)).isEmpty()).isFalse();

        aliases.removeAliasMapping(MappingSource.fromUser("info", EXAMPLE), "alice@example.com");
        assertThat(aliases.getResolvedMappings("info", EXAMPLE).isEmpty()).isTrue();
    }

    @Test
    void anErrorMappingIsRememberedAsItsError() throws Exception {
        aliases.addErrorMapping(MappingSource.fromUser("gone", EXAMPLE), "550 moved away");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> aliases.getResolvedMappings("gone", EXAMPLE))
                .isInstanceOf(RecipientRewriteTable.ErrorMappingException.class)
                .hasMessageContaining("moved away");
        }
        assertThat(database.resolutions).isEqualTo(1);
    }
}
