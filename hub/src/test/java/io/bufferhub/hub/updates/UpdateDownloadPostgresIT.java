package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdateDownloadPostgresIT extends UpdateDownloadContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
