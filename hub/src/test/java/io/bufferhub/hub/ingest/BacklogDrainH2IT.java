package io.bufferhub.hub.ingest;

import io.bufferhub.hub.support.TestDatabases;

class BacklogDrainH2IT extends BacklogDrainContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
