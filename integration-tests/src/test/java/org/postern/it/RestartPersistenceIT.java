package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Stop (SIGTERM) and start again on the embedded default (Derby): nothing is lost. */
class RestartPersistenceIT {

    @Test
    void domainsUsersAliasesMailboxesAndMessagesSurviveARestart() {
        PersistenceScenario scenario = new PersistenceScenario();
        try (PosternProcess server = PosternProcess.builder().build().start()) {
            scenario.populate(server);

            server.restart();

            scenario.verify(server);
            assertThat(server.currentRunLog()).doesNotContain("The previous run did not stop cleanly");
        }
    }
}
