package io.bufferhub.hub.fanout;

import java.nio.file.Path;

import io.bufferhub.hub.support.TestDatabases;

/** The outbox under kill -9 on the embedded H2 file database (the default installation), in the temp data dir. */
class FanoutKillNineH2IT extends FanoutKillNineContract {
    @Override
    TestDatabases.Jdbc database(Path dataDir) throws Exception {
        return TestDatabases.fresh(TestDatabases.Kind.H2, dataDir);
    }
}
