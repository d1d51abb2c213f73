package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigurationPlaceholdersTest {

    @Test
    void theSpoolHasTwoThreadsPerCore() {
        assertThat(ConfigurationPlaceholders.spoolThreads(1)).isEqualTo(2);
        assertThat(ConfigurationPlaceholders.spoolThreads(2)).isEqualTo(4);
        assertThat(ConfigurationPlaceholders.spoolThreads(8)).isEqualTo(16);
    }
}
