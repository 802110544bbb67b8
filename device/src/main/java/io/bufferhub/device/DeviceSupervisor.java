package io.bufferhub.device;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.bufferhub.device.agent.FirmwareSlots;
import io.bufferhub.device.agent.UpdateRollback;
import io.bufferhub.device.agent.UpdateTrial;

/**
 * Keeps one device agent running ({@code bin/bufferhub device}): starts {@link DeviceMain} in a child JVM with
 * the installed firmware package ahead of the base install on its class path, starts it again when it asks
 * ({@link DeviceMain#RESTART_EXIT_CODE}) or dies (with backoff), and rolls back a firmware or settings update
 * that has not checked in within its probation time of its first start (PROTOCOL.md §5, {@link UpdateTrial}).
 * It stays small on purpose: plain JDK, no Camel, nothing that a bad update can break.
 */
public final class DeviceSupervisor {

    private final Path config;
    private final Path work;
    private final List<String> jvmOptions;
    private volatile boolean stopping;
    private volatile Process child;

    DeviceSupervisor(Path config, Path work, List<String> jvmOptions) {
        this.config = config;
        this.work = work;
        this.jvmOptions = jvmOptions;
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of("config/device.properties");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            }
        }
        if (!Files.isRegularFile(config)) {
            System.err.println("bufferhub device: no configuration file " + config.toAbsolutePath());
            System.exit(2);
        }
        String opts = System.getProperty("bufferhub.agent.jvmOptions", "").trim();
        new DeviceSupervisor(config.toAbsolutePath(), workDir(config),
                opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"))).run();
    }

    /** The agent's work folder, as the agent derives it from {@code spool.dir} (see UpdateAgent.workDir). */
    static Path workDir(Path config) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String dir = p.getProperty("spool.dir", "").trim();
        Path spool = Path.of(dir.isEmpty() ? "data/device/" + p.getProperty("device.serial", "").trim() : dir);
        return spool.toAbsolutePath().resolveSibling(spool.getFileName() + "-agent");
    }

    void run() throws Exception {
        Files.createDirectories(work);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopChild, "supervisor-stop"));
        long backoff = 1000;
        while (!stopping) {
            finishClaimedRollback();
            Optional<UpdateTrial> trial = UpdateTrial.pending(work);
            if (trial.isPresent() && trial.get().firstStart() == 0) {
                trial.get().startedAt(System.currentTimeMillis()).begin(work);
            }
            child = start();
            int code = watch(child);
            if (stopping) {
                break;
            }
            if (code == DeviceMain.RESTART_EXIT_CODE || code == Integer.MIN_VALUE) {
                backoff = 1000;
                continue;
            }
            log("agent exited with code " + code + "; starting it again in " + backoff + " ms");
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 60_000);
        }
    }

    /** Waits for the child to end; rolls back (returning MIN_VALUE) when its probation runs out first. */
    private int watch(Process p) throws Exception {
        while (!p.waitFor(250, TimeUnit.MILLISECONDS)) {
            Optional<UpdateTrial> trial = UpdateTrial.pending(work);
            if (trial.isPresent() && trial.get().expired(System.currentTimeMillis()) && UpdateTrial.claimRollback(work)) {
                stop(p);
                log(UpdateRollback.restore(trial.get(), work, config, "did not check in within "
                        + trial.get().rollbackAfterMs() / 1000 + " s of its first start"));
                return Integer.MIN_VALUE;
            }
        }
        // a crash loop during probation ends in a rollback too: the deadline is checked before each restart
        Optional<UpdateTrial> trial = UpdateTrial.pending(work);
        if (trial.isPresent() && trial.get().expired(System.currentTimeMillis()) && UpdateTrial.claimRollback(work)) {
            log(UpdateRollback.restore(trial.get(), work, config, "kept failing for "
                    + trial.get().rollbackAfterMs() / 1000 + " s after its first start"));
            return Integer.MIN_VALUE;
        }
        return p.exitValue();
    }

    /** A rollback claimed by a supervisor that died before finishing it. */
    private void finishClaimedRollback() throws IOException {
        Optional<UpdateTrial> claimed = UpdateTrial.claimed(work);
        if (claimed.isPresent()) {
            log(UpdateRollback.restore(claimed.get(), work, config, "did not check in before the supervisor restarted"));
        }
    }

    private Process start() throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        String classpath = new FirmwareSlots(work).current().resolve("*") + File.pathSeparator
                + System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(javaBin.toString()));
        cmd.addAll(jvmOptions);
        for (String key : List.of("bufferhub.home", "log4j2.configurationFile")) {
            if (System.getProperty(key) != null) {
                cmd.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        cmd.addAll(List.of("-Dbufferhub.supervised=true", "-cp", classpath, DeviceMain.class.getName(),
                "--config", config.toString()));
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    private void stopChild() {
        stopping = true;
        Process p = child;
        if (p != null) {
            stop(p);
        }
    }

    private static void stop(Process p) {
        p.destroy(); // SIGTERM: Camel shuts down and closes the spool
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static void log(String line) {
        System.err.println(Instant.now() + " bufferhub supervisor: " + line);
    }
}
