package org.postern.webadmin;

import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.inject.Named;

import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.WebAdminConfiguration;
import org.apache.james.webadmin.WebAdminServer;
import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.mdc.LoggingRequestFilter;
import org.postern.policy.login.LoginFailures;

import spark.embeddedserver.EmbeddedServers;

/**
 * James's webadmin server on Postern's Jetty ({@link GatedJettyServers}): every request passes the
 * {@link WebAdminGate} before Spark or any James filter sees it. Spark builds its server through a registry
 * shared by the whole JVM, which has one webadmin.
 */
public class PosternWebAdminServer extends WebAdminServer {
    private final WebAdminGate gate;

    @Inject
    protected PosternWebAdminServer(WebAdminConfiguration configuration, @Named("webAdminRoutes") List<Routes> routes,
                                    AuthenticationFilter authenticationFilter, MetricFactory metricFactory,
                                    LoggingRequestFilter loggingRequestFilter, WebAdminCredentials credentials,
                                    LoginFailures loginFailures, WebAdminLimits limits,
                                    @Named("resolved-checks") Set<HealthCheck> healthChecks) {
        super(configuration, routes, authenticationFilter, metricFactory, loggingRequestFilter);
        this.gate = new WebAdminGate(credentials, loginFailures, limits, new ServerHealth(healthChecks));
    }

    @Override
    public WebAdminServer start() {
        EmbeddedServers.add(EmbeddedServers.defaultIdentifier(), new GatedJettyServers(gate));
        return super.start();
    }
}
