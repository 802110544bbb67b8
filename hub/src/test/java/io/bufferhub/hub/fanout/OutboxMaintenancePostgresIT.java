package io.bufferhub.hub.fanout;

import io.bufferhub.hub.support.TestDatabases;

class OutboxMaintenancePostgresIT extends OutboxMaintenanceContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
