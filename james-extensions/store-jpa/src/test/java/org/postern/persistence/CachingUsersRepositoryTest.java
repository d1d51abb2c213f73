package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

class CachingUsersRepositoryTest {
    private static final Username ALICE = Username.of("alice@example.com");

    private final Set<Username> stored = new HashSet<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicInteger passwordChecks = new AtomicInteger();

    /** The database: a set of users, counting the questions it is asked. */
    private final UsersRepository database = (UsersRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {UsersRepository.class}, (proxy, method, args) -> switch (method.getName()) {
            case "contains" -> {
                lookups.incrementAndGet();
                yield stored.contains((Username) args[0]);
            }
            case "addUser" -> {
                stored.add((Username) args[0]);
                yield null;
            }
            case "removeUser" -> {
                stored.remove((Username) args[0]);
                yield null;
            }
            case "test" -> {
                passwordChecks.incrementAndGet();
                yield stored.contains((Username) args[0]) && "secret".equals(args[1]);
            }
            default -> throw new UnsupportedOperationException(method.getName());
        });
    private final CachingUsersRepository users = new CachingUsersRepository(database);

    @Test
    void repeatedQuestionsReachTheDatabaseOnce() throws Exception {
        stored.add(ALICE);
        for (int i = 0; i < 5; i++) {
            assertThat(users.contains(ALICE)).isTrue();
            assertThat(Mono.from(users.containsReactive(ALICE)).block()).isTrue();
            assertThat(users.contains(Username.of("bob@example.com"))).isFalse();
        }
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aUserAddedOrRemovedThroughTheServerCountsAtOnce() throws Exception {
        assertThat(users.contains(ALICE)).isFalse();

        users.addUser(ALICE, "secret");
        assertThat(users.contains(ALICE)).isTrue();

        users.removeUser(ALICE);
        assertThat(users.contains(ALICE)).isFalse();
    }

    @Test
    void passwordsAreAlwaysCheckedByTheDatabase() throws Exception {
        users.addUser(ALICE, "secret");
        assertThat(users.test(ALICE, "secret")).isTrue();
        assertThat(users.test(ALICE, "wrong")).isFalse();
        assertThat(passwordChecks).hasValue(2);
    }
}
