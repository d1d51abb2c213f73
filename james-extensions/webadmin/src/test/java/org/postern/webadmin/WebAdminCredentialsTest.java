package org.postern.webadmin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;

class WebAdminCredentialsTest {
    @TempDir
    Path data;

    @Test
    void thePasswordFromTheEnvironmentIsUsedAndNothingIsWritten() {
        WebAdminCredentials credentials = WebAdminCredentials.resolve(Optional.of("long-enough"), data);

        assertThat(credentials.matches("admin", "long-enough")).isTrue();
        assertThat(credentials.matches("admin", "long-enougH")).isFalse();
        assertThat(credentials.matches("root", "long-enough")).isFalse();
        assertThat(credentials.generatedPasswordFile()).isEmpty();
        assertThat(data.resolve(WebAdminCredentials.PASSWORD_FILE)).doesNotExist();
    }

    @Test
    void aShortPasswordIsRefused() {
        assertThatThrownBy(() -> WebAdminCredentials.resolve(Optional.of("short"), data))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessage("WEBADMIN_PASSWORD: must be at least 8 characters");
    }

    @Test
    void withoutOneARandomPasswordIsGeneratedOnceKeptPrivateAndReused() throws Exception {
        WebAdminCredentials first = WebAdminCredentials.resolve(Optional.empty(), data);
        Path file = data.resolve(WebAdminCredentials.PASSWORD_FILE);
        String stored = Files.readString(file).trim();

        WebAdminCredentials second = WebAdminCredentials.resolve(Optional.empty(), data);

        assertThat(stored).hasSizeGreaterThanOrEqualTo(20);
        assertThat(first.matches("admin", stored)).isTrue();
        assertThat(second.matches("admin", stored)).isTrue();
        assertThat(first.generatedPasswordFile()).contains(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
