package io.bufferhub.sim.agents;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A socat pty pair: a serial cable between an emulated PBX and an agent. */
public final class Ptys implements AutoCloseable {

    public static final String PBX_END = "pbx-tty";
    public static final String AGENT_END = "agent-tty";

    private final Process socat;
    private final Path pbx;
    private final Path agent;

    private Ptys(Process socat, Path pbx, Path agent) {
        this.socat = socat;
        this.pbx = pbx;
        this.agent = agent;
    }

    public static Ptys start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path pbx = dir.resolve(PBX_END);
        Path agent = dir.resolve(AGENT_END);
        Process p = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + pbx, "pty,raw,echo=0,link=" + agent)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(pbx) && Files.exists(agent))) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                throw new IOException("socat did not create the pty pair in " + dir);
            }
            Thread.sleep(20);
        }
        return new Ptys(p, pbx, agent);
    }

    public Path pbxEnd() {
        return pbx;
    }

    public Path agentEnd() {
        return agent;
    }

    @Override
    public void close() {
        socat.destroy();
    }

    /** Waits until socat is gone (and with it the ptys), so they can be created again at the same paths. */
    public void awaitGone() throws InterruptedException {
        socat.waitFor(5, TimeUnit.SECONDS);
    }
}
