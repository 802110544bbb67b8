package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class BatchPushPostgresIT extends BatchPushContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
