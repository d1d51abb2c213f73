package org.postern.server;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.stream.Collectors;

import org.apache.james.GuiceJamesServer;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.utils.ExtendedClassLoader;
import org.apache.james.utils.GuiceProbe;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.postern.dns.PosternDnsModule;
import org.postern.tls.ServerKeystore;
import org.postern.webadmin.BasicAuthenticationFilter;
import org.postern.webadmin.PosternWebAdminServer;
import org.postern.webadmin.WebAdminCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.Module;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/** A running Postern server: prepares the data directory, TLS and credentials, then starts James. */
public final class PosternServer {
    private static final Logger LOGGER = LoggerFactory.getLogger(PosternServer.class);

    private final GuiceJamesServer james;

    private PosternServer(GuiceJamesServer james) {
        this.james = james;
    }

    public static PosternServer start(ServerSettings settings) throws Exception {
        long startedAt = System.nanoTime();
        PortAvailability.requireFree(settings.listeners());
        ConfigurationFilesCheck.requireWellFormed(settings.confDirectory());
        prepareDataDirectory(settings);

        ServerKeystore keystore = ServerKeystore.prepare(settings.dataDirectory().resolve("tls"), settings.hostname(),
            settings.tlsCertificate(), settings.tlsPrivateKey());
        WebAdminCredentials credentials = WebAdminCredentials.resolve(settings.webAdminPassword(), settings.dataDirectory());
        ConfigurationPlaceholders.publish(ConfigurationPlaceholders.of(settings, keystore));

        Configuration configuration = new Configuration.Basic(
            new ConfigurationPath(FileSystem.FILE_PROTOCOL_AND_CONF),
            new PosternDirectories(settings.home(), settings.confDirectory(), settings.dataDirectory()));

        GuiceJamesServer james = GuiceJamesServer.forConfiguration(configuration)
            .combineWith(PosternModules.EMBEDDED_SERVER, probes())
            .overrideWith(new PosternDnsModule(), new ListenersModule(), webAdminAuthentication(credentials),
                extensionJars(settings));
        james.start();
        if (!james.isStarted()) {
            throw new IllegalStateException("James did not start; see the log above");
        }
        if (!settings.hostname().contains(".")) {
            LOGGER.warn("MAIL_HOSTNAME is '{}', not a fully-qualified name: other servers will refuse or distrust its HELO; "
                + "set MAIL_HOSTNAME to the name its MX and PTR records give", settings.hostname());
        }
        PosternServer server = new PosternServer(james);
        server.logSummary(settings, keystore, credentials, Duration.ofNanos(System.nanoTime() - startedAt));
        return server;
    }

    public void stop() {
        LOGGER.info("Postern stopping: closing the listeners, then the spooler, queues and database");
        james.getProbe(ProtocolListeners.class).closeAll();
        james.stop();
    }

    private static void prepareDataDirectory(ServerSettings settings) throws IOException {
        Files.createDirectories(settings.dataDirectory());
        if (!Files.isWritable(settings.dataDirectory())) {
            throw new org.postern.config.InvalidConfigurationException("DATA_DIR: " + settings.dataDirectory() + " is not writable");
        }
        // Derby writes its log to the working directory unless told otherwise
        System.setProperty("derby.stream.error.file", settings.dataDirectory().resolve("derby.log").toString());
    }

    private static Module probes() {
        return binder -> {
            Multibinder<GuiceProbe> probes = Multibinder.newSetBinder(binder, GuiceProbe.class);
            probes.addBinding().to(PosternProbe.class);
            probes.addBinding().to(ProtocolListeners.class);
        };
    }

    /** Classes named in the configuration may come from the jars of EXTENSIONS_DIR. */
    private static Module extensionJars(ServerSettings settings) {
        return binder -> {
            binder.bind(ExtensionJars.Directory.class).toInstance(new ExtensionJars.Directory(settings.extensionsDirectory()));
            binder.bind(ExtendedClassLoader.class).to(ExtensionJars.class).in(Scopes.SINGLETON);
        };
    }

    /** Webadmin on Postern's gated Jetty, with HTTP Basic authentication, in place of James's. */
    private static Module webAdminAuthentication(WebAdminCredentials credentials) {
        return binder -> {
            binder.bind(WebAdminCredentials.class).toInstance(credentials);
            binder.bind(AuthenticationFilter.class).to(BasicAuthenticationFilter.class);
            binder.bind(PosternWebAdminServer.class).in(Scopes.SINGLETON);
            binder.bind(WebAdminServer.class).to(PosternWebAdminServer.class);
        };
    }

    private void logSummary(ServerSettings settings, ServerKeystore keystore, WebAdminCredentials credentials, Duration startup) {
        var database = james.getProbe(PosternProbe.class).database();
        String listeners = settings.listeners().stream().map(ListenerPort::describe).collect(Collectors.joining(", "));
        LOGGER.info("Postern {} ready in {} ms: hostname {}; listening {}; data directory {}; database {} ({}); "
                + "queue ActiveMQ/KahaDB in {}; {}; DNS servers {}; webadmin user '{}'{}",
            PosternVersion.current(), startup.toMillis(), settings.hostname(), listeners, settings.dataDirectory(),
            database.vendor(), database.describe(), settings.dataDirectory().resolve("store/activemq"),
            keystore.describe(), settings.dnsServers().orElse("from the system (resolv.conf)"),
            WebAdminCredentials.USERNAME,
            credentials.generatedPasswordFile().map(file -> ", password in " + file).orElse(", password from WEBADMIN_PASSWORD"));
    }

}
