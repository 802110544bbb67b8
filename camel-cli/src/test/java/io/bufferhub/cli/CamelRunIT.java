package io.bufferhub.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the hub and a device agent the way a Camel CLI user does: {@code camel run <routes>
 * --dep=io.bufferhub:bufferhub-connectors:<version> --properties=...}, each in its own JVM on this module's
 * classpath (the CLI and its Camel), with the connectors resolved by the CLI from the local Maven repository. The
 * hub must serve the routes on its own guarded HTTPS server and store a push; the agent must capture, spool and
 * push a batch to it. Logs stay in {@code target/camel-cli-it}.
 */
class CamelRunIT {

    private static final Path HOME = Path.of(System.getProperty("bufferhub.home", "..")).toAbsolutePath().normalize();
    private static final String GAV = System.getProperty("connectors.gav", "io.bufferhub:bufferhub-connectors:0.1.0-SNAPSHOT");
    private static final String CAMEL_VERSION = System.getProperty("cli.camelVersion", "");
    /** The first run downloads the components the routes use (camel-sql, camel-mail, ...) into the local repo. */
    private static final Duration START = Duration.ofSeconds(150);
    private static final Pattern FINGERPRINT = Pattern.compile("\"fingerprint\":\"([0-9a-f]{64})\"");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy(); // SIGTERM: Camel's shutdown hook stops the routes and closes the spool and database
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void hubAndDeviceAgentRunWithCamelRun(@TempDir Path tmp) throws Exception {
        assertInstalledConnectorsAreThisBuild();
        Path logs = Files.createDirectories(Path.of(System.getProperty("cli.workDir", "target/camel-cli-it")));
        Path data = tmp.resolve("hub-data");
        int hubPort = freePort();
        String token = "it-" + UUID.randomUUID();

        // the hub: its routes and integrations, hub.properties plus the CLI's two settings; env as for bin/bufferhub hub
        List<String> hubArgs = new ArrayList<>(List.of("run"));
        hubArgs.addAll(routes("routes/hub"));
        hubArgs.addAll(routes("routes/integrations"));
        hubArgs.addAll(List.of("--dep=" + GAV, "--properties=config/hub.properties,config/camel-cli-hub.properties",
                "--port=0", "--logging-color=false"));
        Path hubLog = logs.resolve("hub.log");
        Process hub = camel(hubLog, Map.of("BUFFERHUB_DATA_DIR", data.toString(), "BUFFERHUB_HTTP_PORT",
                String.valueOf(hubPort), "BUFFERHUB_HTTP_HOST", "127.0.0.1", "BUFFERHUB_ADMIN_TOKEN", token), hubArgs);
        Path hubJson = data.resolve("hub.json");
        await("the hub's " + hubJson, hub, hubLog, () -> Files.exists(hubJson));
        assertTrue(read(hubLog).contains("Apache Camel " + CAMEL_VERSION + " (bufferhub-hub) started"),
                "the CLI's Camel runs the hub:\n" + tail(hubLog));
        Matcher fp = FINGERPRINT.matcher(Files.readString(hubJson));
        assertTrue(fp.find(), "hub.json names the TLS certificate: " + Files.readString(hubJson));
        String fingerprint = fp.group(1);
        HttpClient http = pinnedTo(fingerprint);
        String base = "https://127.0.0.1:" + hubPort;

        // the routes are on the hub's server behind its guards (not on the CLI's own HTTP server)
        assertEquals(401, send(http, HttpRequest.newBuilder(URI.create(base + "/admin/devices")).GET()).statusCode());
        assertEquals(200, send(http, admin(base + "/admin/devices", token).GET()).statusCode());

        // register a device and push one batch (PROTOCOL.md §3, §9)
        String secret = "it-secret-" + UUID.randomUUID();
        register(http, base, token, "IT-CLI-1", secret);
        byte[] body = "0101 0930 00:02:11 9 5551234 201\r\n0101 0931 00:00:45 9 5559876 202\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> pushed = send(http, HttpRequest.newBuilder(URI.create(base + "/bpp/v1/devices/IT-CLI-1/batches/1"))
                .header("Authorization", basic("IT-CLI-1", secret))
                .header("Content-Type", "text/plain; charset=US-ASCII")
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(sha256(body)) + ":")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertTrue(pushed.body().contains("\"records\":2"), pushed.body());

        // a device agent: its route templates, a settings file, the CLI's settings; TCP capture into the spool
        register(http, base, token, "IT-CLI-2", secret);
        int capturePort = freePort();
        Path settings = tmp.resolve("device.properties");
        Files.writeString(settings, String.join("\n",
                "device.serial = IT-CLI-2",
                "device.name = camel run agent",
                "device.secret = " + secret,
                "device.mainUrl = " + base + "/bpp/v1",
                "device.pins = " + fingerprint,
                "capture.main.tcp = listen:" + capturePort,
                "spool.dir = " + tmp.resolve("spool"),
                "batch.maxLines = 2",
                "batch.maxAgeMs = 1000", ""));
        List<String> agentArgs = new ArrayList<>(List.of("run"));
        agentArgs.addAll(routes("routes/device"));
        agentArgs.addAll(List.of("--dep=" + GAV, "--properties=" + settings + ",config/camel-cli-device.properties",
                "--logging-color=false"));
        Path agentLog = logs.resolve("device.log");
        Process agent = camel(agentLog, Map.of(), agentArgs);
        await("the agent's start line", agent, agentLog, () -> read(agentLog).contains("Device agent IT-CLI-2 started"));
        assertTrue(read(agentLog).contains("Apache Camel " + CAMEL_VERSION + " (bufferhub-device) started"),
                "the CLI's Camel runs the agent:\n" + tail(agentLog));
        try (Socket pbx = new Socket("127.0.0.1", capturePort); OutputStream out = pbx.getOutputStream()) {
            out.write(body);
            out.flush();
        }
        await("the agent's batch on the hub", agent, agentLog, () -> {
            try {
                return send(http, admin(base + "/admin/batches?serial=IT-CLI-2", token).GET()).body().contains("\"seq\":1");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        assertTrue(hub.isAlive(), "the hub still runs:\n" + tail(hubLog));
    }

    /** Under {@code mvn verify} the local repository holds an older connectors jar (or none): say so plainly. */
    private static void assertInstalledConnectorsAreThisBuild() throws IOException {
        Path installed = Path.of(System.getProperty("connectors.installed", "-"));
        assertTrue(Files.isRegularFile(installed), "no " + installed + ": `camel run --dep=" + GAV
                + "` resolves the connectors from the local Maven repository; build with `mvn install`, not `verify`");
        Path built = Path.of(System.getProperty("connectors.built", "-"));
        if (Files.isRegularFile(built)) {
            assertEquals(-1L, Files.mismatch(built, installed), installed + " is not this build's " + built
                    + ": `mvn verify` does not install; build with `mvn install`");
        }
    }

    /** {@code camel ARGS} in a new JVM from the bufferhub directory, as bin/bufferhub runs it. */
    private Process camel(Path log, Map<String, String> env, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("cli.classpath"), CamelCli.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // hermetic: no BUFFERHUB_* of the machine running the build (a database URL, a port) leaks in
        pb.environment().keySet().removeIf(k -> k.startsWith("BUFFERHUB_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(0, p); // stopped in reverse order: the agent before the hub
        return p;
    }

    /** The route files of a folder as the shell would expand {@code DIR/*.camel.yaml}. */
    private static List<String> routes(String dir) throws IOException {
        try (Stream<Path> files = Files.list(HOME.resolve(dir))) {
            return files.map(f -> dir + "/" + f.getFileName()).filter(f -> f.endsWith(".camel.yaml")).sorted().toList();
        }
    }

    private static void register(HttpClient http, String base, String token, String serial, String secret)
            throws Exception {
        HttpResponse<String> put = send(http, admin(base + "/admin/devices/" + serial, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"camel run test\",\"secret\":\"" + secret + "\"}")));
        assertEquals(201, put.statusCode(), put.body());
    }

    private static HttpRequest.Builder admin(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Trusts exactly the certificate the hub announced, as a device with a pin does (PROTOCOL.md §8). */
    private static HttpClient pinnedTo(String fingerprint) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new PinnedTrust(fingerprint)}, null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(String what, Process p, Path log, BooleanSupplier done) throws Exception {
        long end = System.nanoTime() + START.toNanos();
        while (!done.getAsBoolean()) {
            if (!p.isAlive()) {
                fail("waiting for " + what + ": the process ended with " + p.exitValue() + "\n" + tail(log));
            }
            if (System.nanoTime() > end) {
                fail("no " + what + " within " + START + "\n" + tail(log));
            }
            Thread.sleep(250);
        }
    }

    private static String read(Path log) {
        try {
            return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        List<String> lines = read(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    }

    /** Accepts the one certificate whose SHA-256 is the pin; no CA, no host name (the hub's cert is self-signed). */
    private static final class PinnedTrust extends X509ExtendedTrustManager {
        private final String fingerprint;

        PinnedTrust(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            String seen = HexFormat.of().formatHex(sha256(chain[0].getEncoded()));
            if (!seen.equals(fingerprint)) {
                throw new CertificateException("not the hub's certificate: " + seen);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType,
                                       Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType,
                                       SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType,
                                       SSLEngine engine) throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            throw new CertificateException("client side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
