package io.bufferhub.hub.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.hub.store.DeviceStore;
import io.bufferhub.hub.store.SecretHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Checks device credentials against the slow stored hash, off the event loop. A secret that verified is
 * remembered for a short while as a keyed SHA-256, so a device pushing often does not pay PBKDF2 each time;
 * wrong secrets are never cached and always pay the full cost.
 */
public final class DeviceAuthenticator {

    public enum Verdict { OK, UNKNOWN, WRONG_SECRET, DISABLED }

    private record Remembered(byte[] fastHash, boolean enabled, long expiresAt) {
    }

    private final DeviceStore devices;
    private final SecretHasher hasher;
    private final long cacheMillis;
    private final byte[] pepper = new byte[32];
    private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();

    public DeviceAuthenticator(DeviceStore devices, SecretHasher hasher, long cacheMillis) {
        this.devices = devices;
        this.hasher = hasher;
        this.cacheMillis = cacheMillis;
        new SecureRandom().nextBytes(pepper);
    }

    public Future<Verdict> authenticate(Vertx vertx, String serial, String secret) {
        Remembered r = verified.get(serial);
        if (r != null && r.expiresAt() > System.currentTimeMillis()
                && MessageDigest.isEqual(r.fastHash(), fastHash(serial, secret))) {
            return Future.succeededFuture(r.enabled() ? Verdict.OK : Verdict.DISABLED);
        }
        return vertx.executeBlocking(() -> verifySlowly(serial, secret), false);
    }

    private Verdict verifySlowly(String serial, String secret) throws Exception {
        Optional<DeviceStore.Credentials> creds = devices.credentials(serial);
        if (creds.isEmpty()) {
            hasher.burn(secret);
            return Verdict.UNKNOWN;
        }
        if (!hasher.verify(secret, creds.get().secretHash())) {
            return Verdict.WRONG_SECRET;
        }
        boolean enabled = creds.get().enabled();
        verified.put(serial, new Remembered(fastHash(serial, secret), enabled, System.currentTimeMillis() + cacheMillis));
        return enabled ? Verdict.OK : Verdict.DISABLED;
    }

    /** Forgets what was verified for a device (its secret or state changed). */
    public void forget(String serial) {
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
