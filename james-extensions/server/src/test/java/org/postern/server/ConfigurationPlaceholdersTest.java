package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigurationPlaceholdersTest {

    @Test
    void theSpoolLeavesOneCoreToTheProtocols() {
        assertThat(ConfigurationPlaceholders.spoolThreads(1)).isEqualTo(1);
        assertThat(ConfigurationPlaceholders.spoolThreads(2)).isEqualTo(1);
        assertThat(ConfigurationPlaceholders.spoolThreads(8)).isEqualTo(7);
    }
}
