package io.bufferhub.hub.admin;

import io.bufferhub.hub.support.TestDatabases;

class OperatorJsonH2IT extends OperatorJsonContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
