package io.bufferhub.common;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;


/**
 * TLS trust by certificate pinning (PROTOCOL.md §8): the server's leaf certificate is accepted exactly when the
 * SHA-256 of its DER encoding is pinned, whatever certificate authorities say (so a pinned self-signed
 * certificate works, and host names are not checked — the pin is the identity).
 */
public final class PinnedTrust extends X509ExtendedTrustManager {

    private final Set<String> pins;

    public PinnedTrust(Set<String> pins) {
        this.pins = pins.stream().map(p -> p.replace(":", "").toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public static SSLContext sslContext(Set<String> pins) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new PinnedTrust(pins)}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String fingerprint(X509Certificate cert) throws CertificateEncodingException {
        return ContentDigest.hex(ContentDigest.sha256(cert.getEncoded()));
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        String fp = fingerprint(chain[0]);
        if (!pins.contains(fp)) {
            throw new CertificateException("server certificate not pinned: sha256 " + fp);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a device does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a device does not accept client connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a device does not accept client connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
