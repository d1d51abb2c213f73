package org.postern.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.core.Username;
import org.apache.james.sieverepository.api.ScriptContent;
import org.apache.james.sieverepository.api.ScriptName;
import org.apache.james.sieverepository.api.SieveRepository;
import org.apache.james.sieverepository.api.exception.ScriptNotFoundException;
import org.junit.jupiter.api.Test;

class CachingSieveRepositoryTest {
    private static final Username ALICE = Username.of("alice@example.com");
    private static final ZonedDateTime ACTIVATED = ZonedDateTime.parse("2026-11-22T10:00:00Z");

    private final AtomicReference<String> activeScript = new AtomicReference<>();
    private final AtomicReference<String> storedScript = new AtomicReference<>();
    private final AtomicInteger lookups = new AtomicInteger();

    /** The database: one user's scripts, counting the questions about the active one. */
    private final SieveRepository database = (SieveRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {SieveRepository.class}, (proxy, method, args) -> switch (method.getName()) {
            case "getActivationDateForActiveScript" -> {
                lookups.incrementAndGet();
                if (activeScript.get() == null) {
                    throw new ScriptNotFoundException();
                }
                yield ACTIVATED;
            }
            case "getActive" -> {
                lookups.incrementAndGet();
                if (activeScript.get() == null) {
                    throw new ScriptNotFoundException();
                }
                yield new ByteArrayInputStream(activeScript.get().getBytes(StandardCharsets.UTF_8));
            }
            case "putScript" -> {
                storedScript.set(((ScriptContent) args[2]).getValue());
                yield null;
            }
            case "setActive" -> {
                activeScript.set(storedScript.get());
                yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
        });
    private final CachingSieveRepository scripts = new CachingSieveRepository(database);

    @Test
    void aUserWithoutScriptIsAskedAboutOnce() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> scripts.getActivationDateForActiveScript(ALICE)).isInstanceOf(ScriptNotFoundException.class);
            assertThatThrownBy(() -> scripts.getActive(ALICE)).isInstanceOf(ScriptNotFoundException.class);
        }
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aScriptActivatedThroughTheServerCountsAtOnce() throws Exception {
        assertThatThrownBy(() -> scripts.getActive(ALICE)).isInstanceOf(ScriptNotFoundException.class);

        scripts.putScript(ALICE, new ScriptName("vacation"), new ScriptContent("keep;"));
        scripts.setActive(ALICE, new ScriptName("vacation"));

        assertThat(scripts.getActivationDateForActiveScript(ALICE)).isEqualTo(ACTIVATED);
        assertThat(new String(scripts.getActive(ALICE).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("keep;");
        assertThat(new String(scripts.getActive(ALICE).readAllBytes(), StandardCharsets.UTF_8)).as("read again").isEqualTo("keep;");
    }
}
