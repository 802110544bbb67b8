package io.bufferhub.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.bufferhub.common.Json;

/**
 * The hub as a child JVM ({@code io.bufferhub.hub.HubMain}), so that the benchmark measures it as deployed,
 * with its own heap and threads, and the client's CPU use stays apart. The hub is ready when it has written
 * {@code hub.json} into its data directory; its console output goes to {@code hub.log} next to it.
 */
public final class HubProcess implements AutoCloseable {

    private static final long READY_TIMEOUT_MS = 120_000;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path log;
    private final String url;
    private final String fingerprint;

    private HubProcess(Process process, Path log, String url, String fingerprint) {
        this.process = process;
        this.log = log;
        this.url = url;
        this.fingerprint = fingerprint;
    }

    /**
     * Starts the hub on {@code db} with a random HTTPS port and rate limiting off, and waits until it is ready.
     *
     * @param classpath the hub's runtime classpath
     * @param home      the installation (repository root): {@code config/} and {@code routes/} are read from it
     * @param dataDir   the hub's data directory (TLS key, {@code hub.json}); {@code hub.log} goes here too
     */
    public static HubProcess start(String classpath, Path home, Path dataDir, String adminToken, BenchDatabase db)
            throws IOException, InterruptedException {
        return start(classpath, home, dataDir, adminToken, db, List.of());
    }

    /** As above, with extra JVM options for the hub (e.g. -D settings of a particular benchmark). */
    public static HubProcess start(String classpath, Path home, Path dataDir, String adminToken, BenchDatabase db,
                                   List<String> jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("hub.log");
        Path info = dataDir.resolve("hub.json");
        Files.deleteIfExists(info);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath,
                "-Dbufferhub.home=" + home,
                "-Dbufferhub.data.dir=" + dataDir,
                "-Dbufferhub.http.port=0",
                "-Dbufferhub.admin.token=" + adminToken,
                "-Dbufferhub.db.url=" + db.url(),
                "-Dbufferhub.db.user=" + db.user(),
                "-Dbufferhub.db.password=" + db.password(),
                "-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.xml"),
                "-Dbufferhub.rateLimit.perSecond=0"));
        // extra hub JVM options for profiling or tuning, e.g. -Dbufferhub.bench.hubJvmOpts="-XX:StartFlightRecording=..."
        String extra = System.getProperty("bufferhub.bench.hubJvmOpts", "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        cmd.addAll(jvmOptions);
        cmd.add("io.bufferhub.hub.HubMain");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Map<String, Object> ready = awaitReady(p, info, log);
            return new HubProcess(p, log, (String) ready.get("url"), (String) ready.get("fingerprint"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static Map<String, Object> awaitReady(Process p, Path info, Path log)
            throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(info)) {
                return Json.readObject(Files.readAllBytes(info));
            }
            if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IOException("hub exited with " + p.exitValue() + " before it was ready; see " + log);
            }
        }
        throw new IOException("hub not ready within " + READY_TIMEOUT_MS / 1000 + " s; see " + log);
    }

    /** The hub root, e.g. {@code https://localhost:43123}. */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return url;
    }

    /** The pins for the hub's certificate (empty on plain HTTP). */
    public Set<String> pins() {
        return fingerprint == null ? Set.of() : Set.of(fingerprint);
    }

    public Path log() {
        return log;
    }

    /** CPU time the hub has used so far (all its threads), or -1 when the platform does not tell. */
    public long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /** Up to {@code max} WARN / ERROR lines and stack-trace heads from the hub's log, for the report. */
    public List<String> logProblems(int max) throws IOException {
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.startsWith("Exception")
                    || l.startsWith("Caused by")).limit(max).toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Asks the hub to shut down (it commits what it answered), then waits; kills it when it hangs. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
