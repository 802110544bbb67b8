package io.bufferhub.hub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.store.ClusterEvents;
import io.bufferhub.hub.store.DeviceStore;
import io.bufferhub.hub.store.SecretHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Checks device credentials against the slow stored hash, off the event loop. A secret that verified is
 * remembered for a short while as a keyed SHA-256, so a device pushing often does not pay PBKDF2 each time;
 * wrong secrets are never cached and always pay the full cost. The device's registered name and group come with
 * the verdict (read in the same query as the hash, cached with it) because redirect rules match on them right
 * after authentication, and must not cost a query per request. {@link #forget} (called on every
 * {@code PUT /admin/devices}) drops the cached entry, so a changed name, group or state counts at once on that node;
 * other nodes sharing the database are told ({@link #listenTo}) and drop theirs within milliseconds, or at the
 * latest when their entry expires ({@code bufferhub.auth.cacheMs}) if that message is lost.
 */
public final class DeviceAuthenticator {

    public enum Verdict { OK, UNKNOWN, WRONG_SECRET, DISABLED }

    /** The verdict and, for a device whose secret verified, its registered name and group (either may be null). */
    public record Result(Verdict verdict, String name, String group) {
        static Result of(Verdict verdict) {
            return new Result(verdict, null, null);
        }
    }

    private record Remembered(byte[] fastHash, Result result, long expiresAt) {
    }

    private final DeviceStore devices;
    private final SecretHasher hasher;
    private final long cacheMillis;
    private final byte[] pepper = new byte[32];
    private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();
    /** Other nodes are told of a changed device on this channel, the serial as payload. */
    static final String CHANNEL = "bufferhub_device_changed";
    private volatile ClusterEvents events;
    /** Counts forgets, so a slow verification that overlapped one does not cache what it read before it. */
    private final AtomicLong forgets = new AtomicLong();

    public DeviceAuthenticator(DeviceStore devices, SecretHasher hasher, long cacheMillis) {
        this.devices = devices;
        this.hasher = hasher;
        this.cacheMillis = cacheMillis;
        new SecureRandom().nextBytes(pepper);
    }

    public Future<Result> authenticate(Vertx vertx, String serial, String secret) {
        Remembered r = verified.get(serial);
        if (r != null && r.expiresAt() > System.currentTimeMillis()
                && MessageDigest.isEqual(r.fastHash(), fastHash(serial, secret))) {
            return Future.succeededFuture(r.result());
        }
        return vertx.executeBlocking(() -> verifySlowly(serial, secret), false);
    }

    private Result verifySlowly(String serial, String secret) throws Exception {
        long generation = forgets.get(); // read before the row: a forget after this makes the result stale
        Optional<DeviceStore.Credentials> creds = devices.credentials(serial);
        if (creds.isEmpty()) {
            hasher.burn(secret);
            return Result.of(Verdict.UNKNOWN);
        }
        DeviceStore.Credentials c = creds.get();
        if (!hasher.verify(secret, c.secretHash())) {
            return Result.of(Verdict.WRONG_SECRET);
        }
        Result result = new Result(c.enabled() ? Verdict.OK : Verdict.DISABLED, c.name(), c.group());
        Remembered fresh = new Remembered(fastHash(serial, secret), result, System.currentTimeMillis() + cacheMillis);
        // cached only if no device was forgotten meanwhile: else a change that landed while the slow hash ran
        // (disabled, new secret) would be overwritten by what was read before it, for the whole cache time
        verified.compute(serial, (k, old) -> forgets.get() == generation ? fresh : old);
        return result;
    }

    /** Forgets what was verified for a device (its secret or state changed), here and on the other nodes. */
    public void forget(String serial) {
        drop(serial);
        ClusterEvents e = events;
        if (e != null) {
            e.send(CHANNEL, serial);
        }
    }

    /** Drops entries when another node changed a device; everything after a gap in what it heard. */
    public DeviceAuthenticator listenTo(ClusterEvents events) {
        this.events = events;
        events.subscribe(CHANNEL, this::drop);
        events.onGap(() -> {
            forgets.incrementAndGet();
            verified.clear();
        });
        return this;
    }

    private void drop(String serial) {
        forgets.incrementAndGet();
        verified.remove(serial);
    }

    private byte[] fastHash(String serial, String secret) {
        byte[] s = (serial + '\0' + secret).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[pepper.length + s.length];
        System.arraycopy(pepper, 0, all, 0, pepper.length);
        System.arraycopy(s, 0, all, pepper.length, s.length);
        return ContentDigest.sha256(all);
    }
}
