package io.bufferhub.device.e2e;

import io.bufferhub.hub.support.TestDatabases;

class CaptureToHubH2IT extends CaptureToHubContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
