package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdateSigningPostgresIT extends UpdateSigningContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
