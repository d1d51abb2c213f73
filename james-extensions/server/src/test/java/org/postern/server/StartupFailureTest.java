package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;

import org.apache.commons.configuration2.ex.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.postern.config.InvalidConfigurationException;

class StartupFailureTest {

    @Test
    void theConfigurationErrorDeepInTheChainIsReported() {
        Exception wrapped = new RuntimeException("Unable to provision", new IllegalStateException("layer",
            new InvalidConfigurationException("conf/james-database.properties: database.url is missing")));

        assertThat(StartupFailure.describe(wrapped)).isEqualTo("conf/james-database.properties: database.url is missing");
    }

    @Test
    void aConfigurationFileErrorKeepsItsCause() {
        Exception wrapped = new RuntimeException(new ConfigurationException("Unable to init mailet Foo", new ClassNotFoundException("Foo")));

        assertThat(StartupFailure.describe(wrapped)).isEqualTo("Unable to init mailet Foo (Foo)");
    }

    @Test
    void aBindFailureIsReported() {
        assertThat(StartupFailure.describe(new RuntimeException(new BindException("Address already in use"))))
            .isEqualTo("Address already in use");
    }

    @Test
    void otherwiseTheDeepestCauseIsNamed() {
        assertThat(StartupFailure.describe(new RuntimeException("outer", new NullPointerException("inner"))))
            .isEqualTo("NullPointerException: inner");
    }

    @Test
    void aConfigurationErrorThrownByAComponentNamesItsFile() {
        ConfigurationException fromMailetContainer = new ConfigurationException("Unable to init mailet ToRepositry");
        fromMailetContainer.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.apache.james.mailetcontainer.impl.camel.Whatever", "init", "Whatever.java", 1)});

        assertThat(StartupFailure.describe(new RuntimeException(fromMailetContainer)))
            .isEqualTo("conf/mailetcontainer.xml: Unable to init mailet ToRepositry");
    }
}
