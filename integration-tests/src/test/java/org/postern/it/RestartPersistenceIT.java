package org.postern.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** Stop (SIGTERM) and start again on the embedded default (Derby): nothing is lost. */
class RestartPersistenceIT {

    @Test
    void domainsUsersAliasesMailboxesAndMessagesSurviveARestart() throws Exception {
        PersistenceScenario scenario = new PersistenceScenario();
        try (PosternProcess server = PosternProcess.builder().build().start()) {
            scenario.populate(server);

            server.stop();
            assertThat(Files.readString(server.logFile())).as("a run and a clean stop log no error").doesNotContain(" ERROR ");
            server.start();

            scenario.verify(server);
            assertThat(server.currentRunLog()).doesNotContain("The previous run did not stop cleanly");
        }
    }
}
