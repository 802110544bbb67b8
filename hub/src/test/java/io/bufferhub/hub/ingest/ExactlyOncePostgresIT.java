package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class ExactlyOncePostgresIT extends ExactlyOnceContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
