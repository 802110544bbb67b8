package io.bufferhub.device.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a firmware payload may be installed (PROTOCOL.md §5): its SHA-256 must be the announced one and
 * its Ed25519 signature must verify against one of the device's trusted update keys.
 *
 * <p>Why both: the hash catches a corrupted or truncated download (and tells the operator which it was); the
 * signature is the trust — a hub, or anyone who takes it over, can announce any hash, but only the holder of an
 * offline signing key can make a payload the device installs. Several keys can be trusted at once so the signing
 * key can be rotated: ship a config with old + new key, sign with the new one, later drop the old one.
 *
 * <p>Keys are Ed25519 public keys as base64 X.509 SubjectPublicKeyInfo, PEM ({@code -----BEGIN PUBLIC KEY-----}),
 * or the bare 32-byte key in base64. Everything is in the JDK (17+). Immutable, thread-safe.
 */
public final class FirmwareVerifier {

    /** The verdict; {@code keyFingerprint} (SHA-256 hex of the key's SPKI) names the key that verified. */
    public record Result(boolean accepted, String reason, String keyFingerprint) {
        static Result accepted(String fingerprint) {
            return new Result(true, "signature verified by trusted key " + fingerprint.substring(0, 16), fingerprint);
        }

        static Result rejected(String reason) {
            return new Result(false, reason, null);
        }
    }

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");
    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the 32 key bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final List<PublicKey> keys;

    public FirmwareVerifier(Collection<PublicKey> trusted) {
        this.keys = List.copyOf(trusted);
    }

    /** From key texts (each base64, PEM — possibly several blocks — or a comma/space separated list). */
    public static FirmwareVerifier of(Collection<String> keyTexts) {
        List<PublicKey> all = new ArrayList<>();
        keyTexts.forEach(t -> all.addAll(parseKeys(t)));
        return new FirmwareVerifier(all);
    }

    public List<PublicKey> trustedKeys() {
        return keys;
    }

    /** Checks {@code payload} against the announced {@code sha256Hex} and base64 {@code signature}. */
    public Result verify(byte[] payload, String sha256Hex, String signature) {
        if (sha256Hex == null || sha256Hex.isBlank()) {
            return Result.rejected("no sha256 announced");
        }
        String got = sha256Hex(payload);
        if (!got.equalsIgnoreCase(sha256Hex.trim())) {
            return Result.rejected("sha256 mismatch: payload is " + got + ", announced " + sha256Hex.trim()
                    + " (corrupted or truncated download)");
        }
        return verifySignature(payload, signature);
    }

    /** As {@link #verify(byte[], String, String)} for a downloaded file (read whole: Ed25519 is not streamed). */
    public Result verify(Path payload, String sha256Hex, String signature) throws IOException {
        return verify(Files.readAllBytes(payload), sha256Hex, signature);
    }

    /** The firmware check for a downloaded update item. */
    public Result verify(UpdateItem item, Path payload) throws IOException {
        return verify(payload, item.sha256(), item.signature());
    }

    /** The signature alone: accepted when one trusted key verifies it. */
    public Result verifySignature(byte[] payload, String signature) {
        if (keys.isEmpty()) {
            return Result.rejected("no trusted update key configured: firmware cannot be accepted");
        }
        if (signature == null || signature.isBlank()) {
            return Result.rejected("no signature: firmware must be signed");
        }
        byte[] sig;
        try {
            sig = Base64.getMimeDecoder().decode(signature.trim());
        } catch (IllegalArgumentException e) {
            return Result.rejected("signature is not base64");
        }
        if (sig.length != 64) {
            return Result.rejected("signature has " + sig.length + " bytes, an Ed25519 signature has 64");
        }
        for (PublicKey key : keys) {
            try {
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(key);
                v.update(payload);
                if (v.verify(sig)) {
                    return Result.accepted(fingerprint(key));
                }
            } catch (SignatureException | InvalidKeyException e) {
                // malformed for this key: try the next one
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no Ed25519", e);
            }
        }
        return Result.rejected("signature does not verify with any of the " + keys.size() + " trusted key(s)"
                + " (wrong key or tampered payload)");
    }

    /** All keys in {@code text}: PEM blocks if there are any, else base64 items separated by commas or spaces. */
    public static List<PublicKey> parseKeys(String text) {
        List<PublicKey> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        if (text.contains("-----BEGIN")) {
            Matcher m = PEM.matcher(text);
            while (m.find()) {
                out.add(decode(m.group(1)));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block in the key text");
            }
            return out;
        }
        for (String item : text.trim().split("[,\\s]+")) {
            out.add(decode(item));
        }
        return out;
    }

    /** Exactly one key (base64 SPKI, raw 32-byte base64 or PEM). */
    public static PublicKey parseKey(String text) {
        List<PublicKey> k = parseKeys(text);
        if (k.size() != 1) {
            throw new IllegalArgumentException("expected one public key, found " + k.size());
        }
        return k.get(0);
    }

    /** The keys of a PEM (or base64) file. */
    public static List<PublicKey> readKeys(Path file) throws IOException {
        return parseKeys(Files.readString(file));
    }

    /** SHA-256 hex of the key's SubjectPublicKeyInfo: what operators compare to tell keys apart. */
    public static String fingerprint(PublicKey key) {
        return sha256Hex(key.getEncoded());
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    public static String sha256Hex(Path file) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static PublicKey decode(String base64) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is not base64: " + abbreviate(base64));
        }
        if (der.length == 32) { // a bare Ed25519 key
            byte[] spki = new byte[SPKI_PREFIX.length + 32];
            System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
            System.arraycopy(der, 0, spki, SPKI_PREFIX.length, 32);
            der = spki;
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (X.509 SubjectPublicKeyInfo): "
                    + abbreviate(base64), e);
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 24 ? t.substring(0, 24) + "…" : t;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
