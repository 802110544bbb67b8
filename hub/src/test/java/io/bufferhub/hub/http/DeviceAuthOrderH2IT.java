package io.bufferhub.hub.http;

import io.bufferhub.hub.support.TestDatabases;

class DeviceAuthOrderH2IT extends DeviceAuthOrderContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
