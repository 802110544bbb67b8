package io.bufferhub.hub.faults;

import java.nio.file.Path;

import io.bufferhub.hub.support.TestDatabases;

/** kill -9 of a hub on PostgreSQL: open transactions die with the hub's connections. */
class KillNinePostgresIT extends KillNineContract {
    @Override
    TestDatabases.Jdbc database(Path dataDir) throws Exception {
        return TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dataDir);
    }
}
