package io.bufferhub.hub.faults;

import java.nio.file.Path;

import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The hub on a dedicated embedded PostgreSQL (not the shared one): {@code close()} (pg_ctl stop -m fast) is the
 * outage, a new server on the same port and data directory the recovery.
 */
class DatabaseDownPostgresIT extends DatabaseDownContract {

    private int port;
    private Path dataDir;
    private EmbeddedPostgres postgres;

    @Override
    TestDatabases.Jdbc startDatabase(Path dir) throws Exception {
        port = HubTestBase.freePort();
        dataDir = dir.resolve("pgdata");
        restartDatabase();
        return TestDatabases.freshOn(postgres, "hub_down");
    }

    @Override
    void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Override
    void restartDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dataDir).setCleanDataDirectory(false)
                .start();
    }
}
