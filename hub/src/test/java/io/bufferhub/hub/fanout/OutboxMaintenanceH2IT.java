package io.bufferhub.hub.fanout;

import io.bufferhub.hub.support.TestDatabases;

class OutboxMaintenanceH2IT extends OutboxMaintenanceContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
