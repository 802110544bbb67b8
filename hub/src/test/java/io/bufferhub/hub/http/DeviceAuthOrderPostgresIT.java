package io.bufferhub.hub.http;

import io.bufferhub.hub.support.TestDatabases;

class DeviceAuthOrderPostgresIT extends DeviceAuthOrderContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
