package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class BatchPushPostgresIT extends BatchPushContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
