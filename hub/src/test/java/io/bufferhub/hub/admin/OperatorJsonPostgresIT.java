package io.bufferhub.hub.admin;

import io.bufferhub.hub.support.TestDatabases;

class OperatorJsonPostgresIT extends OperatorJsonContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
