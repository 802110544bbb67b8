package io.bufferhub.device.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** A socat pty pair standing in for a serial cable: the PBX writes one end, the agent reads the other. */
public final class Socat implements AutoCloseable {

    private final Path pbx;
    private final Path agent;
    private Process process;

    public Socat(Path dir) {
        this.pbx = dir.resolve("pbx-tty");
        this.agent = dir.resolve("agent-tty");
    }

    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat is not installed");
    }

    /** Plugs the cable in (again): both ends exist when this returns. */
    public Socat plug() throws IOException, InterruptedException {
        process = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + pbx, "pty,raw,echo=0,link=" + agent)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(pbx) && Files.exists(agent))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("socat did not create " + pbx + " and " + agent);
            }
            Thread.sleep(20);
        }
        return this;
    }

    /** Pulls the cable: the ptys vanish. */
    public void unplug() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
            process = null;
        }
    }

    public Path pbxEnd() {
        return pbx;
    }

    public Path agentEnd() {
        return agent;
    }

    @Override
    public void close() throws InterruptedException {
        unplug();
    }
}
