package io.bufferhub.hub.http;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.common.OwnerOnlyFiles;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The hub's TLS identity when none is configured: an EC P-256 self-signed certificate generated on first
 * start and kept in the data dir ({@code tls/hub.p12}, password beside it, both owner-only), so its
 * fingerprint — which devices pin — stays the same across restarts.
 */
public final class SelfSignedCertificate {

    public static final String ALIAS = "bufferhub";

    public record KeyStoreFile(Path path, String password, String sha256Fingerprint) {
    }

    private SelfSignedCertificate() {
    }

    public static KeyStoreFile loadOrCreate(Path tlsDir) throws IOException, GeneralSecurityException {
        Path store = tlsDir.resolve("hub.p12");
        Path pass = tlsDir.resolve("hub.p12.password");
        if (!Files.exists(store)) {
            Files.createDirectories(tlsDir);
            String password = OwnerOnlyFiles.randomToken(24);
            KeyStore ks = create(password);
            OwnerOnlyFiles.write(pass, password.getBytes(StandardCharsets.UTF_8));
            OwnerOnlyFiles.write(store, out -> {
                try {
                    ks.store(out, password.toCharArray());
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot write the key store", e);
                }
            });
        }
        String password = Files.readString(pass, StandardCharsets.UTF_8).trim();
        return new KeyStoreFile(store, password, fingerprint(store, password));
    }

    /** SHA-256 (lowercase hex) of the DER encoding of the key store's first certificate. */
    public static String fingerprint(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password.toCharArray());
        }
        String alias = ks.aliases().nextElement();
        Certificate cert = ks.getCertificate(alias);
        return ContentDigest.hex(ContentDigest.sha256(cert.getEncoded()));
    }

    private static KeyStore create(String password) throws GeneralSecurityException, IOException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = gen.generateKeyPair();
        String host = hostname();
        X500Name subject = new X500Name("CN=" + host + ", O=bufferhub");
        Instant now = Instant.now();
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        if (!host.equals("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, host));
        }
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                    subject, kp.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(ALIAS, kp.getPrivate(), password.toCharArray(), new Certificate[] {cert});
            return ks;
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
        }
    }

    private static String hostname() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.matches("[A-Za-z0-9.-]{1,200}") ? h : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }
}
