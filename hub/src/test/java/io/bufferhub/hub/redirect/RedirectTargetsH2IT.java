package io.bufferhub.hub.redirect;

import io.bufferhub.hub.support.TestDatabases;

class RedirectTargetsH2IT extends RedirectTargetsContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
