package io.bufferhub.hub.faults;

import java.nio.file.Path;

import io.bufferhub.hub.support.TestDatabases;

/** kill -9 on the hub's embedded H2 file database (the default installation): H2 must recover what it acknowledged. */
class KillNineH2IT extends KillNineContract {
    @Override
    TestDatabases.Jdbc database(Path dataDir) throws Exception {
        return TestDatabases.fresh(TestDatabases.Kind.H2, dataDir);
    }

    @Override
    protected boolean crashMayLeaveUnacknowledgedOrphans() {
        return true;
    }
}
