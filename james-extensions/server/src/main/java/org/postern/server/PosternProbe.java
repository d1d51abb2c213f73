package org.postern.server;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.postern.persistence.DatabaseSettings;

/** Reads what the injector resolved (the database) for the startup summary. */
public class PosternProbe implements GuiceProbe {
    private final DatabaseSettings database;

    @Inject
    PosternProbe(DatabaseSettings database) {
        this.database = database;
    }

    DatabaseSettings database() {
        return database;
    }
}
