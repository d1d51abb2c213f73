package org.postern.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.config.InvalidConfigurationException;

class ConfigurationFilesCheckTest {

    @Test
    void wellFormedFilesPass(@TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("smtpserver.xml"), "<smtpservers><smtpserver/></smtpservers>");
        Files.writeString(conf.resolve("webadmin.properties"), "not xml, not checked");

        assertThatCode(() -> ConfigurationFilesCheck.requireWellFormed(conf)).doesNotThrowAnyException();
    }

    @Test
    void aBrokenFileIsNamedWithItsLine(@TempDir Path conf) throws Exception {
        Files.writeString(conf.resolve("domainlist.xml"), "<domainlist>\n  <autodetect>false</autodetect>\n  <defaultDomain>x\n</domainlist>\n");

        assertThatThrownBy(() -> ConfigurationFilesCheck.requireWellFormed(conf))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageStartingWith(conf.resolve("domainlist.xml") + " line 4, column ");
    }
}
