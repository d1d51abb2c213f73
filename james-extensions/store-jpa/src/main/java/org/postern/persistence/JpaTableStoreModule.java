package org.postern.persistence;

import org.postern.policy.table.TableStore;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The {@code db:} tables of the embedded server live in its database: {@link TableStore} is {@link JpaTableStore}. */
public class JpaTableStoreModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JpaTableStore.class).in(Scopes.SINGLETON);
        bind(TableStore.class).to(JpaTableStore.class);
    }
}
