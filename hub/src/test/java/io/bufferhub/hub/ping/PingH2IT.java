package io.bufferhub.hub.ping;

import io.bufferhub.hub.support.TestDatabases;

class PingH2IT extends PingContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
