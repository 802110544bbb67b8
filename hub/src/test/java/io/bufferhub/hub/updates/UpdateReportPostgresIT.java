package io.bufferhub.hub.updates;

import io.bufferhub.hub.support.TestDatabases;

class UpdateReportPostgresIT extends UpdateReportContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
