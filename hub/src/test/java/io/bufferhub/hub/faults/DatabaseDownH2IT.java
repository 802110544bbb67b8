package io.bufferhub.hub.faults;

import java.nio.file.Path;

import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import org.h2.tools.Server;

/** The hub on an H2 TCP server run by the test: stopping the server is the outage, a new one on the port the recovery. */
class DatabaseDownH2IT extends DatabaseDownContract {

    private int port;
    private Path baseDir;
    private Server server;

    @Override
    TestDatabases.Jdbc startDatabase(Path dir) throws Exception {
        port = HubTestBase.freePort();
        baseDir = dir.resolve("h2-server");
        startServer();
        return new TestDatabases.Jdbc("jdbc:h2:tcp://localhost:" + port + "/hub;LOCK_TIMEOUT=10000", "", "");
    }

    @Override
    void stopDatabase() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    void restartDatabase() throws Exception {
        startServer();
    }

    private void startServer() throws Exception {
        server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", baseDir.toString(),
                "-ifNotExists").start();
    }
}
