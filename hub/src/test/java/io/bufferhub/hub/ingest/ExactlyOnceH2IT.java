package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class ExactlyOnceH2IT extends ExactlyOnceContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
