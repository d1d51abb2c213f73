package org.postern.it;

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
        }
    }
}
