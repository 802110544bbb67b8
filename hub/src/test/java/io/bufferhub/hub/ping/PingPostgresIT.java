package io.bufferhub.hub.ping;

import io.bufferhub.hub.support.TestDatabases;

class PingPostgresIT extends PingContract {
    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRESQL;
    }
}
