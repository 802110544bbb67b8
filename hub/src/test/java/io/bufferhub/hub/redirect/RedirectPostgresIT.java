package io.bufferhub.hub.redirect;

import io.bufferhub.hub.support.TestDatabases;

class RedirectPostgresIT extends RedirectContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
