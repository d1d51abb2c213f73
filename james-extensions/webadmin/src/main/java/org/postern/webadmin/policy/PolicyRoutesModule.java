package org.postern.webadmin.policy;

import org.apache.james.domainlist.api.DomainList;
import org.apache.james.webadmin.Routes;
import org.postern.policy.restriction.RestrictionsByServer;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;

/**
 * Webadmin routes for policy: the {@code db:} tables, their import and export as Postfix maps, the hold area and
 * the dry run.
 * Needs a {@code TableStore} and the {@code TableKinds}; the dry run
 * uses the {@link RestrictionsByServer} bound elsewhere, and answers "unknown server" while none is.
 */
public class PolicyRoutesModule extends AbstractModule {
    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), RestrictionsByServer.class);
        OptionalBinder.newOptionalBinder(binder(), DomainList.class);
        Multibinder<Routes> routes = Multibinder.newSetBinder(binder(), Routes.class);
        routes.addBinding().to(PolicyTablesRoutes.class);
        routes.addBinding().to(HoldRoutes.class);
        routes.addBinding().to(VirtualRoutes.class);
        routes.addBinding().to(PolicyDryRunRoutes.class);
    }
}
