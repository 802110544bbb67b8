package io.bufferhub.hub.fanout;

import io.bufferhub.hub.support.TestDatabases;

class FanoutH2IT extends FanoutContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }
}
