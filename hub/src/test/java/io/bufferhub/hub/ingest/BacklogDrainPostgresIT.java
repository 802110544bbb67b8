package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class BacklogDrainPostgresIT extends BacklogDrainContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
