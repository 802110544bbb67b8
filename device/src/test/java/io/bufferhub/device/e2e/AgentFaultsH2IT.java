package io.bufferhub.device.e2e;

import io.bufferhub.hub.support.TestDatabases;

class AgentFaultsH2IT extends AgentFaultsContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
