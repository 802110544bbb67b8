package io.bufferhub.hub.admin;

import io.bufferhub.hub.support.TestDatabases;

class AdminApiH2IT extends AdminApiContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
