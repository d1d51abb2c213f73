package org.postern.webadmin;

import java.time.Duration;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

import spark.embeddedserver.EmbeddedServer;
import spark.embeddedserver.EmbeddedServerFactory;
import spark.embeddedserver.jetty.EmbeddedJettyServer;
import spark.embeddedserver.jetty.JettyHandler;
import spark.embeddedserver.jetty.JettyServerFactory;
import spark.http.matching.MatcherFilter;

/**
 * Spark's embedded Jetty for webadmin, with the {@link WebAdminGate} in front of Spark's handler and Jetty
 * set for the internet: requests reach the gate as soon as their head is read (Jetty would wait for the first
 * body bytes), no {@code Server} header naming Jetty and its version, forwarding headers
 * ({@code X-Forwarded-For}...) never trusted for the client's address, and a client that stops sending for
 * {@value #IDLE_SECONDS} s disconnected, so that a slow body cannot hold a worker thread.
 */
final class GatedJettyServers implements EmbeddedServerFactory {
    static final int IDLE_SECONDS = 30;

    private final WebAdminGate gate;

    GatedJettyServers(WebAdminGate gate) {
        this.gate = gate;
    }

    @Override
    public EmbeddedServer create(spark.route.Routes routes, spark.staticfiles.StaticFilesConfiguration staticFiles,
                                 spark.ExceptionMapper exceptionMapper, boolean hasMultipleHandler) {
        MatcherFilter matcher = new MatcherFilter(routes, staticFiles, exceptionMapper, false, hasMultipleHandler);
        matcher.init(null);
        JettyHandler spark = new JettyHandler(matcher);
        spark.getSessionCookieConfig().setHttpOnly(true);
        gate.setHandler(spark);
        return new EmbeddedJettyServer(new JettyServerFactory() {
            @Override
            public Server create(int maxThreads, int minThreads, int threadTimeoutMillis) {
                return hardened(new QueuedThreadPool(maxThreads > 0 ? maxThreads : 200, minThreads > 0 ? minThreads : 8,
                    threadTimeoutMillis > 0 ? threadTimeoutMillis : 60_000));
            }

            @Override
            public Server create(ThreadPool threadPool) {
                return hardened(threadPool);
            }
        }, gate) {
            @Override
            public void trustForwardHeaders(boolean trust) {
                super.trustForwardHeaders(false);
            }
        };
    }

    /** Spark adds its connectors after creating the server: they are set when the server starts. */
    private static Server hardened(ThreadPool threadPool) {
        return new Server(threadPool) {
            @Override
            protected void doStart() throws Exception {
                for (Connector connector : getConnectors()) {
                    HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
                    if (http != null) {
                        HttpConfiguration configuration = http.getHttpConfiguration();
                        configuration.setSendServerVersion(false);
                        // dispatch on the head alone: the gate answers before any body byte is sent or read
                        configuration.setDelayDispatchUntilContent(false);
                        configuration.setSendXPoweredBy(false);
                        configuration.getCustomizers().removeIf(ForwardedRequestCustomizer.class::isInstance);
                    }
                    if (connector instanceof ServerConnector server) {
                        server.setIdleTimeout(Duration.ofSeconds(IDLE_SECONDS).toMillis());
                    }
                }
                super.doStart();
            }
        };
    }
}
