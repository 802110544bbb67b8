package io.bufferhub.device.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bufferhub.sim.agents.Ptys;
import org.junit.jupiter.api.Assumptions;

/**
 * A serial cable that tests can pull and plug in again: a socat pty pair ({@link Ptys}) recreated at the same
 * paths. The PBX writes one end, the agent reads the other.
 */
public final class Socat implements AutoCloseable {

    private final Path dir;
    private Ptys ptys;

    public Socat(Path dir) {
        this.dir = dir;
    }

    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    }

    /** Plugs the cable in (again): both ends exist when this returns. */
    public Socat plug() throws IOException, InterruptedException {
        ptys = Ptys.start(dir);
        return this;
    }

    /** Pulls the cable: the ptys vanish. */
    public void unplug() throws InterruptedException {
        if (ptys != null) {
            ptys.close();
            ptys.awaitGone();
            ptys = null;
        }
    }

    public Path pbxEnd() {
        return dir.resolve(Ptys.PBX_END);
    }

    public Path agentEnd() {
        return dir.resolve(Ptys.AGENT_END);
    }

    @Override
    public void close() throws InterruptedException {
        unplug();
    }
}
