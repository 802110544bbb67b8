package io.bufferhub.hub.fanout;

import java.nio.file.Path;

import io.bufferhub.hub.support.TestDatabases;

/** The outbox under kill -9 on PostgreSQL: the killed hub's row locks (SKIP LOCKED claims) die with its connections. */
class FanoutKillNinePostgresIT extends FanoutKillNineContract {
    @Override
    TestDatabases.Jdbc database(Path dataDir) throws Exception {
        return TestDatabases.fresh(TestDatabases.Kind.POSTGRESQL, dataDir);
    }
}
