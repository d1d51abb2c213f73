package org.postern.policy.virtual;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.postern.policy.table.RecipientDelimiter;

class VirtualAliasesTest {
    private final Map<String, AliasEntry> table = new HashMap<>();
    private final Set<String> mailboxes = new HashSet<>(Set.of("alice@example.com", "bob@example.com", "admin@example.com"));
    private String postmaster = "admin@example.com";
    private final VirtualSettings plus = new VirtualSettings(RecipientDelimiter.of("+"), Set.of("postmaster", "abuse"));
    private int lookups;
    private final VirtualAliases aliases = new VirtualAliases(key -> {
        lookups++;
        return Optional.ofNullable(table.get(key));
    }, new Mailboxes() {
        @Override
        public boolean isHostedDomain(String domain) {
            return domain.equals("example.com") || domain.equals("alias.example");
        }

        @Override
        public boolean hasMailbox(String address) {
            return mailboxes.contains(address);
        }

        @Override
        public Optional<String> postmaster() {
            return Optional.ofNullable(postmaster);
        }
    });

    private void alias(String key, String... targets) {
        table.put(key, new AliasEntry.Addresses(List.of(targets)));
    }

    private List<String> finals(String address) {
        Expansion expansion = aliases.expand(address, plus);
        assertThat(expansion.status()).as(address + ": " + expansion.detail()).isEqualTo(Expansion.Status.DELIVERED);
        return expansion.deliveries().stream().map(delivery -> delivery.address() + (delivery.local() ? "" : " (forward)")
            + (delivery.extension().isEmpty() ? "" : " +" + delivery.extension())).toList();
    }

    @Test
    void aListFansOutOnceToEachMailboxAndForwardsOutside() {
        alias("team@example.com", "alice@example.com", "bob@example.com", "Alice@Example.com", "friend@far.test");
        assertThat(finals("team@example.com")).containsExactly("alice@example.com", "bob@example.com", "friend@far.test (forward)");
        assertThat(aliases.expand("team@example.com", plus).deliveries()).allMatch(delivery -> delivery.original().equals("team@example.com"));
    }

    @Test
    void aMailboxBeatsTheCatchAllWhichTakesEverythingElse() {
        alias("@example.com", "bob@example.com");
        assertThat(finals("alice@example.com")).containsExactly("alice@example.com");
        assertThat(finals("whoever@example.com")).containsExactly("bob@example.com");
    }

    @Test
    void anExtensionIsLookedUpFirstThenDeliveredWithItsMailboxOrCarriedToTheTargets() {
        alias("alice+sales@example.com", "bob@example.com");
        alias("info@example.com", "alice@example.com");
        assertThat(finals("alice+sales@example.com")).containsExactly("bob@example.com");
        assertThat(finals("alice+news@example.com")).containsExactly("alice@example.com +news");
        assertThat(finals("info+jobs@example.com")).containsExactly("alice@example.com +jobs");
        assertThat(aliases.expand("alice+news@example.com", new VirtualSettings(RecipientDelimiter.none(), Set.of())).status())
            .isEqualTo(Expansion.Status.UNKNOWN);
    }

    @Test
    void aDomainAliasMapsEveryAddressToTheOtherDomain() {
        table.put("@alias.example", new AliasEntry.DomainAlias("example.com"));
        assertThat(finals("bob@alias.example")).containsExactly("bob@example.com");
        assertThat(aliases.expand("nobody@alias.example", plus).status()).isEqualTo(Expansion.Status.UNKNOWN);
    }

    @Test
    void roleAccountsGoToThePostmasterUnlessTheDomainHasItsOwn() {
        assertThat(finals("abuse@example.com")).containsExactly("admin@example.com");
        assertThat(finals("postmaster@alias.example")).containsExactly("admin@example.com");
        alias("abuse@example.com", "bob@example.com");
        assertThat(finals("abuse@example.com")).containsExactly("bob@example.com");
        postmaster = "postmaster@example.com";
        assertThat(aliases.expand("postmaster@example.com", plus).status()).isEqualTo(Expansion.Status.UNKNOWN);
    }

    @Test
    void loopsAreFoundAndSelfAliasesAreTheMailbox() {
        alias("a@example.com", "b@example.com");
        alias("b@example.com", "c@example.com");
        alias("c@example.com", "a@example.com");
        Expansion loop = aliases.expand("a@example.com", plus);
        assertThat(loop.status()).isEqualTo(Expansion.Status.LOOP);
        assertThat(loop.detail()).isEqualTo("a@example.com -> b@example.com -> c@example.com -> a@example.com");

        alias("alice@example.com", "alice@example.com", "friend@far.test");
        assertThat(finals("alice@example.com")).containsExactly("alice@example.com", "friend@far.test (forward)");
    }

    @Test
    void unknownAndRefusedAddressesSayWhy() {
        alias("old@example.com", "gone@example.com");
        table.put("closed@example.com", new AliasEntry.Refused("mailbox closed"));
        assertThat(aliases.expand("old@example.com", plus)).isEqualTo(new Expansion(Expansion.Status.UNKNOWN, List.of(), "gone@example.com"));
        assertThat(aliases.expand("closed@example.com", plus).detail()).isEqualTo("mailbox closed");
        assertThat(aliases.expand("closed@example.com", plus).status()).isEqualTo(Expansion.Status.REFUSED);
    }

    @Test
    void tooManyTargetsIsRefusedWhole() {
        String[] targets = new String[VirtualAliases.EXPANSION_LIMIT + 1];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = "user" + i + "@far.test";
        }
        alias("everyone@example.com", targets);
        assertThat(aliases.expand("everyone@example.com", plus).status()).isEqualTo(Expansion.Status.TOO_MANY);
    }

    @Test
    void listsThatShareMembersAreExpandedOnceEach() {
        // six levels of ten lists, each listing all ten of the next level: a million ways down, sixty lists
        for (int level = 0; level < 6; level++) {
            String[] next = new String[10];
            for (int i = 0; i < 10; i++) {
                next[i] = level == 5 ? "member" + i + "@far.test" : "l" + (level + 1) + "-" + i + "@example.com";
            }
            for (int i = 0; i < 10; i++) {
                alias("l" + level + "-" + i + "@example.com", next);
            }
        }
        alias("top@example.com", "l0-0@example.com", "l0-1@example.com");

        assertThat(finals("top@example.com")).hasSize(10).allMatch(address -> address.endsWith("@far.test (forward)"));
        assertThat(lookups).isLessThan(200);
    }

    @Test
    void tooManyIntermediateListsIsRefusedWhole() {
        String[] lists = new String[VirtualAliases.ADDRESS_LIMIT + 1];
        for (int i = 0; i < lists.length; i++) {
            lists[i] = "list" + i + "@example.com";
            alias(lists[i], "alice@example.com");
        }
        alias("everyone@example.com", lists);
        Expansion expansion = aliases.expand("everyone@example.com", plus);
        assertThat(expansion.status()).isEqualTo(Expansion.Status.TOO_MANY);
        assertThat(expansion.detail()).isEqualTo("everyone@example.com leads to more than " + VirtualAliases.ADDRESS_LIMIT + " addresses");
    }
}
