package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdatePublishPostgresIT extends UpdatePublishContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
