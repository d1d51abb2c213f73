package org.postern.webadmin;

import org.apache.james.utils.PropertiesProvider;
import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.mdc.RequestLogger;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;

/**
 * Webadmin's protections that are routes and settings: the bans of failed logins, the password policy of
 * users, a request logger that reads no body, and {@link WebAdminLimits} from conf/webadmin.properties. The
 * server itself ({@link PosternWebAdminServer}) and its authentication are bound where James's bindings are
 * overridden.
 */
public class WebAdminSecurityModule extends AbstractModule {
    @Override
    protected void configure() {
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(SecurityRoutes.class);
        routes.addBinding().to(UserPasswordPolicy.class);
        Multibinder.newSetBinder(binder(), RequestLogger.class).addBinding().to(QuietRequestLogger.class);
    }

    @Provides
    @Singleton
    WebAdminLimits limits(PropertiesProvider properties) throws Exception {
        return WebAdminLimits.from(properties.getConfiguration("webadmin"));
    }
}
