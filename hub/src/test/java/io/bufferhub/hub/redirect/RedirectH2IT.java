package io.bufferhub.hub.redirect;

import io.bufferhub.hub.support.TestDatabases;

class RedirectH2IT extends RedirectContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
