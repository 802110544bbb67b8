package io.bufferhub.hub.updates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import io.bufferhub.device.heartbeat.FirmwareVerifier;
import io.bufferhub.tools.SignTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's optional firmware signing key ({@code bufferhub.updates.signingKey}): signs a firmware payload
 * published without a signature (PROTOCOL.md §9 lists none in the request). The key file is the PKCS#8 PEM that
 * {@code bin/bufferhub sign keygen} writes. Devices still verify against their own trusted keys, so a key they do
 * not trust changes nothing; but whoever runs this hub, or holds its admin token, can then have firmware signed —
 * which is why it is off by default and the offline {@code sign} tool stays the recommended way.
 */
public final class UpdateSigner {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateSigner.class);

    private final PrivateKey key;

    private UpdateSigner(PrivateKey key) {
        this.key = key;
    }

    /**
     * Loads and tries the key; a missing or unusable file is an {@link IllegalArgumentException} naming it (the hub
     * refuses to start). When the public key {@code keygen} wrote beside it is there, it must belong to this key.
     */
    public static UpdateSigner load(Path file) {
        try {
            UpdateSigner signer = new UpdateSigner(SignTool.readPrivate(file));
            byte[] probe = "bufferhub signing key check".getBytes(StandardCharsets.US_ASCII);
            String signature = signer.sign(probe);
            Path pub = file.resolveSibling(SignTool.PUB_FILE);
            if (Files.isRegularFile(pub)) {
                List<PublicKey> keys = FirmwareVerifier.readKeys(pub);
                FirmwareVerifier.Result r = new FirmwareVerifier(keys).verifySignature(probe, signature);
                if (!r.accepted()) {
                    throw new IllegalArgumentException(pub + " is not the public key of " + file);
                }
                LOG.info("Firmware published without a signature is signed with {} (public key fingerprint {})",
                        file, r.keyFingerprint());
            } else {
                LOG.info("Firmware published without a signature is signed with {}", file);
            }
            return signer;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("bufferhub.updates.signingKey: cannot use " + file + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bufferhub.updates.signingKey: " + e.getMessage(), e);
        }
    }

    /** The base64 Ed25519 signature of {@code payload}, as an update item carries it. */
    public String sign(byte[] payload) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(payload);
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
