package io.bufferhub.device.e2e;

import io.bufferhub.hub.support.TestDatabases;

class CaptureToHubPostgresIT extends CaptureToHubContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
