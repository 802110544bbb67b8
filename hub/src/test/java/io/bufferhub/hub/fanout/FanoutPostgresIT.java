package io.bufferhub.hub.fanout;

import io.bufferhub.hub.support.TestDatabases;

class FanoutPostgresIT extends FanoutContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
