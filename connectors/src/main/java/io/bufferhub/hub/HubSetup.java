package io.bufferhub.hub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.bufferhub.common.Json;
import io.bufferhub.common.OwnerOnlyFiles;
import io.bufferhub.hub.admin.DeviceAdmin;
import io.bufferhub.hub.http.AdminGuard;
import io.bufferhub.hub.http.DeviceAuthenticator;
import io.bufferhub.hub.http.DeviceGuard;
import io.bufferhub.hub.http.HttpSettings;
import io.bufferhub.hub.http.HubHttpServer;
import io.bufferhub.hub.http.RateLimiter;
import io.bufferhub.hub.http.SelfSignedCertificate;
import io.bufferhub.hub.ingest.BatchIngest;
import io.bufferhub.hub.ingest.ProblemResponder;
import io.bufferhub.hub.ping.HeartbeatBook;
import io.bufferhub.hub.ping.PingHandler;
import io.bufferhub.hub.ping.PingRegistry;
import io.bufferhub.hub.ping.UpdateFeed;
import io.bufferhub.hub.redirect.RedirectAdmin;
import io.bufferhub.hub.redirect.RedirectBook;
import io.bufferhub.hub.redirect.RedirectStore;
import io.bufferhub.hub.store.BatchStore;
import io.bufferhub.hub.store.ClusterEvents;
import io.bufferhub.hub.store.Database;
import io.bufferhub.hub.store.DeviceStore;
import io.bufferhub.hub.store.SecretHasher;
import io.bufferhub.hub.updates.UpdateBeans;
import io.bufferhub.hub.updates.UpdateSigner;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the hub from {@code bufferhub.*} properties: database, stores, HTTP server and the beans the YAML
 * routes call. Loadable by camel-main, Camel CLI ({@code camel.main.configurationClasses}) or any Camel app.
 */
public class HubSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(HubSetup.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        HubProperties p = new HubProperties(camel);
        Path dataDir = Path.of(p.get("bufferhub.data.dir", "data")).toAbsolutePath();
        Files.createDirectories(dataDir);
        // optional: signs firmware published without a signature; a bad key file stops the hub before anything opens
        String signingKey = p.get("bufferhub.updates.signingKey", "");
        UpdateSigner signer = signingKey.isBlank() ? null : UpdateSigner.load(Path.of(signingKey.trim()));

        String url = p.get("bufferhub.db.url", "");
        if (url.isBlank()) {
            url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("bufferhub") + ";LOCK_TIMEOUT=10000";
        }
        Database db = Database.open(url, p.get("bufferhub.db.user", ""), p.get("bufferhub.db.password", ""),
                p.getInt("bufferhub.db.poolSize", 16), p.getLong("bufferhub.db.connectTimeoutMs", 3000));
        SecretHasher hasher = new SecretHasher(p.getInt("bufferhub.auth.pbkdf2Iterations", SecretHasher.DEFAULT_ITERATIONS));
        DeviceStore devices = new DeviceStore(db, hasher);
        BatchStore batches = new BatchStore(db, p.getBoolean("bufferhub.db.copy", true));
        // what nodes sharing a PostgreSQL database tell each other (nothing on H2)
        ClusterEvents events = new ClusterEvents(camel, db, p.getLong("bufferhub.cluster.listenWaitMs", 500));
        DeviceAuthenticator auth = new DeviceAuthenticator(devices, hasher, p.getLong("bufferhub.auth.cacheMs", 60_000))
                .listenTo(events);
        long retryAfter = p.getLong("bufferhub.retryAfterSeconds", 5);

        boolean tls = p.getBoolean("bufferhub.tls", true);
        String keystore = p.get("bufferhub.tls.keystore", "");
        String keystorePassword = p.get("bufferhub.tls.keystorePassword", "");
        String fingerprint = null;
        if (tls) {
            SelfSignedCertificate.KeyStoreFile ks = keystore.isBlank()
                    ? SelfSignedCertificate.loadOrCreate(dataDir.resolve("tls"))
                    : new SelfSignedCertificate.KeyStoreFile(Path.of(keystore), keystorePassword,
                            SelfSignedCertificate.fingerprint(Path.of(keystore), keystorePassword));
            keystore = ks.path().toString();
            keystorePassword = ks.password();
            fingerprint = ks.sha256Fingerprint();
        }
        long maxBody = p.getLong("bufferhub.http.maxBodyBytes", 8L * 1024 * 1024);
        HttpSettings http = new HttpSettings(p.get("bufferhub.http.host", "0.0.0.0"), p.getInt("bufferhub.http.port", 8443),
                tls, tls ? Path.of(keystore) : null, keystorePassword, dataDir.resolve("tls"), maxBody,
                p.getInt("bufferhub.http.idleTimeoutSeconds", 3700), p.getLong("bufferhub.http.headerTimeoutMs", 30_000),
                p.getLong("bufferhub.http.bodyTimeoutMs", 300_000), p.getInt("bufferhub.http.workerThreads", 32));
        String adminToken = adminToken(p.get("bufferhub.admin.token", ""), dataDir);
        RateLimiter limiter = new RateLimiter(
                p.getDouble("bufferhub.rateLimit.perSecond", RateLimiter.DEFAULT_PER_SECOND),
                p.getDouble("bufferhub.rateLimit.burst", RateLimiter.DEFAULT_BURST));
        // the front door (PROTOCOL.md §6): a start-up file replaces the stored rules; PUT /admin/redirects changes them
        RedirectBook redirects = new RedirectBook(new RedirectStore(db), p.getLong("bufferhub.redirects.checkMs", 200))
                .listenTo(events);
        String redirectsFile = p.get("bufferhub.redirects.file", "");
        try {
            redirects.load(redirectsFile.isBlank() ? null : Path.of(redirectsFile));
        } catch (RuntimeException e) {
            db.close(); // the hub refuses to start: an invalid rules file is named in the message
            throw e;
        }
        HubHttpServer server = new HubHttpServer(camel, http,
                new DeviceGuard(auth, limiter, redirects, maxBody, http.bodyTimeoutMs()), new AdminGuard(adminToken));
        camel.getRegistry().bind("redirectAdmin", new RedirectAdmin(redirects));

        camel.getRegistry().bind("hubDatabase", db);
        camel.getRegistry().bind("hubHttpServer", server);
        camel.getRegistry().bind("batchIngest", new BatchIngest(batches));
        int minHeartbeat = p.getInt("bufferhub.ping.minHeartbeat", 60);
        int maxHeartbeat = p.getInt("bufferhub.ping.maxHeartbeat", 3540);
        if (http.idleTimeoutSeconds() <= maxHeartbeat + 60) {
            throw new IllegalArgumentException("bufferhub.http.idleTimeoutSeconds (" + http.idleTimeoutSeconds()
                    + ") must exceed bufferhub.ping.maxHeartbeat + 60 (" + (maxHeartbeat + 60) + ") or held pings get cut");
        }
        HeartbeatBook heartbeats = new HeartbeatBook(db);
        PingRegistry pings = new PingRegistry();
        camel.getRegistry().bind("pingRegistry", pings);
        camel.getRegistry().bind("deviceAdmin", new DeviceAdmin(devices, batches, auth, pings, events.shared()));
        UpdateFeed updates = UpdateBeans.bind(camel, db, events, minHeartbeat, maxHeartbeat, signer);
        // held pings stay on Vert.x: a Camel route would park a worker thread per held ping
        server.router().post("/bpp/v1/devices/:serial/ping")
                .handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(new PingHandler(server.vertx(), pings, heartbeats, updates, minHeartbeat, maxHeartbeat,
                        events));
        camel.getRegistry().bind("problemResponder", new ProblemResponder(retryAfter));
        FanoutSetup.bind(camel, p, db, dataDir);
        // stopped in reverse order: the server stops taking requests before the pool closes
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                db.close();
            }
        }, true, false);
        camel.addService(redirects, true, false);
        camel.addService(events, true, false); // after every subscriber above
        camel.addService(server, true, false);

        String fp = fingerprint;
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // listening happens once every route is started (see onCamelContextFullyStarted)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                server.listen();
                announce(dataDir, server, fp, adminToken, db);
            }
        });
    }

    private static void announce(Path dataDir, HubHttpServer server, String fingerprint, String adminToken, Database db)
            throws Exception {
        String url = server.baseUrl("localhost");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("url", url);
        info.put("port", server.port());
        info.put("deviceBase", url + "/bpp/v1");
        info.put("fingerprint", fingerprint);
        info.put("database", db.dialect().name());
        info.put("pid", ProcessHandle.current().pid());
        Path tmp = dataDir.resolve("hub.json.tmp");
        Files.writeString(tmp, Json.write(info));
        Files.move(tmp, dataDir.resolve("hub.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LOG.info("bufferhub hub ready: {}/bpp/v1 (devices), {}/admin (operators), database {}", url, url,
                db.dialect() == Database.Dialect.H2 ? "H2 (embedded: this node only; several nodes need PostgreSQL)"
                        : db.dialect());
        if (fingerprint != null) {
            LOG.info("TLS certificate SHA-256 fingerprint (devices pin this): {}", fingerprint);
        }
    }

    /** The configured token, else one generated once and kept owner-only in the data dir. */
    private static String adminToken(String configured, Path dataDir) throws Exception {
        if (!configured.isBlank()) {
            return configured.trim();
        }
        Path file = dataDir.resolve("admin-token");
        if (!Files.exists(file)) {
            OwnerOnlyFiles.write(file, OwnerOnlyFiles.randomToken(24).getBytes(StandardCharsets.US_ASCII));
            LOG.info("Generated an admin token; read it from {}", file);
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
}
