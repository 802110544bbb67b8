package io.bufferhub.hub.admin;

import io.bufferhub.hub.support.TestDatabases;

class AdminApiPostgresIT extends AdminApiContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
