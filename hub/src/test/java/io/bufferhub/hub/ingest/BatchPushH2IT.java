package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class BatchPushH2IT extends BatchPushContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
