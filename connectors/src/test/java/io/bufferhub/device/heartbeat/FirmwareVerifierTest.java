package io.bufferhub.device.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bufferhub.device.heartbeat.FirmwareVerifier.Result;

/** Firmware trust (PROTOCOL.md §5): sha256 and an Ed25519 signature by one of several trusted keys. */
class FirmwareVerifierTest {

    private static final byte[] FIRMWARE = "bufferhub-agent 2.0 package bytes\n".repeat(1000)
            .getBytes(StandardCharsets.US_ASCII);
    private static final KeyPair OLD = pair();
    private static final KeyPair NEW = pair();

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(PrivateKey key, byte[] payload) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(payload);
        return Base64.getEncoder().encodeToString(s.sign());
    }

    private static String b64(KeyPair k) {
        return Base64.getEncoder().encodeToString(k.getPublic().getEncoded());
    }

    private static final String SHA = FirmwareVerifier.sha256Hex(FIRMWARE);

    @Test
    void aGoodSignatureByATrustedKeyIsAccepted() throws Exception {
        Result r = FirmwareVerifier.of(List.of(b64(NEW))).verify(FIRMWARE, SHA, sign(NEW.getPrivate(), FIRMWARE));
        assertTrue(r.accepted(), r.reason());
        assertEquals(FirmwareVerifier.fingerprint(NEW.getPublic()), r.keyFingerprint());
    }

    @Test
    void aSignatureByAnotherKeyIsRejected() throws Exception {
        Result r = FirmwareVerifier.of(List.of(b64(NEW))).verify(FIRMWARE, SHA, sign(OLD.getPrivate(), FIRMWARE));
        assertFalse(r.accepted());
        assertTrue(r.reason().contains("does not verify"), r.reason());
    }

    @Test
    void aTamperedPayloadIsRejected() throws Exception {
        String sig = sign(NEW.getPrivate(), FIRMWARE);
        byte[] tampered = Arrays.copyOf(FIRMWARE, FIRMWARE.length);
        tampered[100] ^= 1;
        FirmwareVerifier v = FirmwareVerifier.of(List.of(b64(NEW)));
        Result byHash = v.verify(tampered, SHA, sig);
        assertFalse(byHash.accepted());
        assertTrue(byHash.reason().contains("sha256 mismatch"), byHash.reason());
        // an attacker who controls the hub announces the tampered payload's hash: the signature still fails
        Result bySignature = v.verify(tampered, FirmwareVerifier.sha256Hex(tampered), sig);
        assertFalse(bySignature.accepted());
        assertTrue(bySignature.reason().contains("does not verify"), bySignature.reason());
    }

    @Test
    void aWrongOrMissingSha256IsRejected() throws Exception {
        FirmwareVerifier v = FirmwareVerifier.of(List.of(b64(NEW)));
        String sig = sign(NEW.getPrivate(), FIRMWARE);
        assertFalse(v.verify(FIRMWARE, "ab".repeat(32), sig).accepted());
        assertFalse(v.verify(FIRMWARE, null, sig).accepted());
        assertTrue(v.verify(FIRMWARE, SHA.toUpperCase(), sig).accepted(), "hex case does not matter");
    }

    @Test
    void twoTrustedKeysAllowRotation() throws Exception {
        FirmwareVerifier during = FirmwareVerifier.of(List.of(b64(OLD), b64(NEW)));
        assertTrue(during.verify(FIRMWARE, SHA, sign(OLD.getPrivate(), FIRMWARE)).accepted(), "old still trusted");
        Result r = during.verify(FIRMWARE, SHA, sign(NEW.getPrivate(), FIRMWARE));
        assertTrue(r.accepted());
        assertEquals(FirmwareVerifier.fingerprint(NEW.getPublic()), r.keyFingerprint(), "names the key that verified");
        FirmwareVerifier after = FirmwareVerifier.of(List.of(b64(NEW)));
        assertFalse(after.verify(FIRMWARE, SHA, sign(OLD.getPrivate(), FIRMWARE)).accepted(), "old key retired");
    }

    @Test
    void malformedSignaturesAndNoKeysAreRejectedNotThrown() throws Exception {
        FirmwareVerifier v = FirmwareVerifier.of(List.of(b64(NEW)));
        assertTrue(v.verify(FIRMWARE, SHA, null).reason().contains("no signature"));
        assertTrue(v.verify(FIRMWARE, SHA, "not base64 !!").reason().contains("base64"));
        assertTrue(v.verify(FIRMWARE, SHA, Base64.getEncoder().encodeToString(new byte[10])).reason()
                .contains("64"));
        Result zeros = v.verify(FIRMWARE, SHA, Base64.getEncoder().encodeToString(new byte[64]));
        assertFalse(zeros.accepted());
        Result none = new FirmwareVerifier(List.of()).verify(FIRMWARE, SHA, sign(NEW.getPrivate(), FIRMWARE));
        assertFalse(none.accepted());
        assertTrue(none.reason().contains("no trusted update key"), none.reason());
    }

    @Test
    void keysAreReadAsPemBase64OrBareAndOthersAreRefused(@TempDir Path dir) throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(OLD.getPublic()
                .getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        String pem2 = "-----BEGIN PUBLIC KEY-----\n" + b64(NEW) + "\n-----END PUBLIC KEY-----\n";
        Path file = dir.resolve("trusted.pem");
        Files.writeString(file, "# update keys\n" + pem + pem2);
        assertEquals(List.of(OLD.getPublic(), NEW.getPublic()), FirmwareVerifier.readKeys(file));
        assertEquals(List.of(OLD.getPublic(), NEW.getPublic()), FirmwareVerifier.parseKeys(b64(OLD) + ", " + b64(NEW)));
        byte[] spki = NEW.getPublic().getEncoded();
        String bare = Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        assertEquals(NEW.getPublic(), FirmwareVerifier.parseKey(bare));
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rsaText = Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
        assertThrows(IllegalArgumentException.class, () -> FirmwareVerifier.parseKey(rsaText));
        assertThrows(IllegalArgumentException.class, () -> FirmwareVerifier.parseKey("%%%"));
        assertThrows(IllegalArgumentException.class, () -> FirmwareVerifier.parseKeys("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void aDownloadedUpdateItemIsCheckedFromItsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fw.bin");
        Files.write(file, FIRMWARE);
        UpdateItem item = new UpdateItem("fw9", "firmware", "2.0", "/bpp/v1/devices/S1/updates/fw9/payload",
                FIRMWARE.length, SHA, sign(NEW.getPrivate(), FIRMWARE), 0, null);
        assertTrue(FirmwareVerifier.of(List.of(b64(OLD), b64(NEW))).verify(item, file).accepted());
        assertFalse(FirmwareVerifier.of(List.of(b64(OLD))).verify(item, file).accepted());
    }
}
