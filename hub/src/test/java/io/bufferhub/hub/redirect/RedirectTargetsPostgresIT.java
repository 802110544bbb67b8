package io.bufferhub.hub.redirect;

import io.bufferhub.hub.support.TestDatabases;

class RedirectTargetsPostgresIT extends RedirectTargetsContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
