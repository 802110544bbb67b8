package io.bufferhub.sim.agents;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.bench.BenchDatabase;
import io.bufferhub.sim.bench.BenchOptions;
import io.bufferhub.sim.bench.HubProcess;
import io.bufferhub.sim.net.FrontDoor;
import io.bufferhub.sim.net.LoopbackProxy;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import io.bufferhub.sim.push.HubClient;

/**
 * {@code scenarios}: the device's bad days in a row, against a real hub (child JVM, PostgreSQL) and a real agent
 * (child JVM) reading a serial pty that an emulated PBX prints into: hub down, pushes cut mid-body with delays,
 * redirect changed, agent killed with SIGKILL, cable unplugged. At the end the hub must hold exactly the bytes the
 * PBX printed, in order.
 */
public final class ScenarioRunner {

    public static final String USAGE = """
              scenarios [--seconds-each S]
                runs hub-down, cut-and-delay, redirect-change, kill-9, unplug/replug against a real hub and
                agent on a pty, then checks the hub stored exactly what the PBX printed""";

    private final Path home;
    private final String hubCp;
    private final String deviceCp;
    private final long each;
    private final PrintStream out;
    private Process agent;

    private ScenarioRunner(Path home, String hubCp, String deviceCp, long each, PrintStream out) {
        this.home = home;
        this.hubCp = hubCp;
        this.deviceCp = deviceCp;
        this.each = each;
        this.out = out;
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, Set.of("seconds-each"));
        String home = System.getProperty("bufferhub.home");
        String hub = System.getProperty("bufferhub.hub.classpath");
        String device = System.getProperty("bufferhub.device.classpath");
        if (home == null || hub == null || device == null) {
            throw new CliArgs.UsageException("scenarios need -Dbufferhub.home, -Dbufferhub.hub.classpath and"
                    + " -Dbufferhub.device.classpath (bin/bufferhub sets them)");
        }
        return new ScenarioRunner(Path.of(home), hub, device, a.longValue("seconds-each", 5, 2, 300), out).runAll();
    }

    private int runAll() throws Exception {
        Path run = Files.createTempDirectory("bufferhub-scenarios-");
        String token = "scenario-token-" + System.nanoTime();
        try (BenchDatabase db = BenchDatabase.create(BenchOptions.POSTGRESQL, run);
             HubProcess hub = HubProcess.start(hubCp, home, run.resolve("hub"), token, db);
             LoopbackProxy net = new LoopbackProxy("127.0.0.1", port(hub.url()));
             FrontDoor door = new FrontDoor(run.resolve("door-tls"), "https://127.0.0.1:" + net.port() + "/bpp/v1")) {
            new HubClient(hub.url(), hub.pins()).putDevice(token, "SCN-1", "scenario agent", "scenario-secret", "sim");
            Ptys cable = Ptys.start(run.resolve("tty"));
            Path config = config(run, door, hub, cable);
            startAgent(run, config);
            try (PbxEmulator pbx = new PbxEmulator(PbxFormat.AVAYA, 99, PbxOutput.serial(cable.pbxEnd()))) {
                Thread.sleep(4000);
                pbx.start(20);
                step("baseline", pbx, db);
                net.refuse(true);
                net.cutAll();
                step("hub down (connections refused)", pbx, db);
                net.refuse(false);
                net.cutAfterUpstreamBytes(1500);
                net.delayMs(30);
                step("pushes cut mid-body, 30 ms delays", pbx, db);
                net.cutAfterUpstreamBytes(-1);
                net.delayMs(0);
                door.target(hub.url() + "/bpp/v1", false);
                step("redirect rule changed (front door now points at the hub directly)", pbx, db);
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                step("agent killed with SIGKILL", pbx, db);
                startAgent(run, config);
                step("agent restarted", pbx, db);
                pbx.stop(); // with the cable out the PBX keeps its records (hardware flow control / its own buffer)
                cable.close();
                step("serial cable unplugged (PBX holds its records)", pbx, db);
                cable = Ptys.start(run.resolve("tty"));
                pbx.reopen();
                pbx.start(20);
                step("serial cable plugged in again", pbx, db);
                pbx.stop();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (stored(db).length < pbx.written().length && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                return verdict(pbx.written(), stored(db));
            } finally {
                agent.destroy();
                agent.waitFor(15, TimeUnit.SECONDS);
                cable.close();
            }
        }
    }

    private void step(String what, PbxEmulator pbx, BenchDatabase db) throws Exception {
        out.printf("%-70s", "scenario: " + what);
        for (long s = 0; s < each; s++) {
            Thread.sleep(1000);
        }
        out.printf(" PBX printed %,6d lines, hub stored %,9d bytes of %,9d%n", pbx.linesWritten(), stored(db).length,
                pbx.written().length);
    }

    private int verdict(byte[] written, byte[] stored) {
        if (Arrays.equals(written, stored)) {
            out.printf("EXACTLY ONCE: the hub holds the %,d bytes the PBX printed, byte-identical and in order%n",
                    written.length);
            return 0;
        }
        int i = Arrays.mismatch(written, stored);
        out.printf("MISMATCH: printed %,d bytes, stored %,d; first difference at byte %,d%n", written.length,
                stored.length, i);
        return 1;
    }

    private Path config(Path run, FrontDoor door, HubProcess hub, Ptys cable) throws Exception {
        return AgentProcess.writeConfig(run, "SCN-1", "scenario-secret", door.base(),
                door.fingerprint() + "," + String.join(",", hub.pins()), cable.agentEnd(), 50, 500);
    }

    private void startAgent(Path run, Path config) throws Exception {
        agent = AgentProcess.start(deviceCp, home, config, run.resolve("agent.log"));
    }

    private static byte[] stored(BenchDatabase db) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT body FROM batch WHERE serial = 'SCN-1' ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.write(rs.getBytes(1));
            }
        }
        return all.toByteArray();
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1).replaceAll("/.*", ""));
    }
}
