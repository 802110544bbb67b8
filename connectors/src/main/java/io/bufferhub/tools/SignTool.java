package io.bufferhub.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bufferhub.common.OwnerOnlyFiles;
import io.bufferhub.device.heartbeat.FirmwareVerifier;

/**
 * The operator's side of firmware trust (PROTOCOL.md §5): make the Ed25519 update-signing key pair, sign a
 * device agent package, check a signature. JDK only, so it runs wherever the hub runs — but the private key
 * belongs on an offline machine: whoever holds it can make every device install anything.
 *
 * <pre>
 * keygen --out DIR                           update-signing.key (PKCS#8 PEM, mode 600) + update-signing.pub
 * sign   --key KEY --in FILE [--out FILE.sig] prints "signature: &lt;base64&gt;" and "sha256: &lt;hex&gt;"
 * verify --pub PUB --in FILE --sig SIG        SIG: a file holding the base64 signature, or the base64 itself
 * </pre>
 * Exit status: 0 success, 1 signature does not verify, 2 usage or input error.
 */
public final class SignTool {

    public static final String KEY_FILE = "update-signing.key";
    public static final String PUB_FILE = "update-signing.pub";
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    /** Bad input: message for the user, exit status 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private SignTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status instead of exiting (tests, and the bufferhub launcher). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
                throw new UsageException("usage");
            }
            Map<String, String> o = options(args);
            return switch (args[0]) {
                case "keygen" -> keygen(Path.of(require(o, "out", Set.of("out"))), out);
                case "sign" -> sign(o, out);
                case "verify" -> verify(o, out, err);
                default -> throw new UsageException("unknown command '" + args[0] + "'");
            };
        } catch (UsageException e) {
            if (!e.getMessage().equals("usage")) {
                err.println("error: " + e.getMessage());
            }
            err.println("usage: sign-tool keygen --out DIR\n"
                    + "       sign-tool sign --key KEY --in FILE [--out FILE.sig]\n"
                    + "       sign-tool verify --pub PUB --in FILE --sig SIG");
            return 2;
        } catch (NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 2;
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (GeneralSecurityException e) {
            err.println("error: " + e);
            return 2;
        }
    }

    private static int keygen(Path dir, PrintStream out) throws IOException, GeneralSecurityException {
        Path key = dir.resolve(KEY_FILE);
        Path pub = dir.resolve(PUB_FILE);
        if (Files.exists(key) || Files.exists(pub)) {
            throw new FileAlreadyExistsException(key + " or " + pub + " already exists: refusing to overwrite a "
                    + "signing key (devices trust it)");
        }
        Files.createDirectories(dir);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        OwnerOnlyFiles.writeNew(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(pub, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        out.println("private key: " + key + " (keep it offline; mode 600)");
        out.println("public key:  " + pub);
        out.println("public key (base64, for the device's trusted update keys): "
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        out.println("fingerprint: " + FirmwareVerifier.fingerprint(pair.getPublic()));
        return 0;
    }

    private static int sign(Map<String, String> o, PrintStream out)
            throws UsageException, IOException, GeneralSecurityException {
        Set<String> allowed = Set.of("key", "in", "out");
        PrivateKey key = readPrivate(Path.of(require(o, "key", allowed)));
        byte[] payload = Files.readAllBytes(Path.of(require(o, "in", allowed)));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(payload);
        String signature = Base64.getEncoder().encodeToString(s.sign());
        if (o.containsKey("out")) {
            Files.writeString(Path.of(o.get("out")), signature + "\n", StandardCharsets.US_ASCII);
        }
        out.println("signature: " + signature);
        out.println("sha256: " + FirmwareVerifier.sha256Hex(payload));
        return 0;
    }

    private static int verify(Map<String, String> o, PrintStream out, PrintStream err)
            throws UsageException, IOException {
        Set<String> allowed = Set.of("pub", "in", "sig");
        Path pubFile = Path.of(require(o, "pub", allowed));
        byte[] payload = Files.readAllBytes(Path.of(require(o, "in", allowed)));
        String sig = require(o, "sig", allowed);
        List<PublicKey> keys = FirmwareVerifier.readKeys(pubFile);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(pubFile + ": no public key in it");
        }
        String signature;
        if (Files.isRegularFile(Path.of(sig))) {
            signature = Files.readString(Path.of(sig), StandardCharsets.US_ASCII).trim();
        } else if (sig.matches("[A-Za-z0-9+/]{80,}={0,2}")) {
            signature = sig;
        } else {
            throw new NoSuchFileException(sig);
        }
        FirmwareVerifier.Result r = new FirmwareVerifier(keys).verifySignature(payload, signature);
        if (!r.accepted()) {
            err.println("FAILED: " + r.reason());
            return 1;
        }
        out.println("OK: " + r.reason());
        out.println("sha256: " + FirmwareVerifier.sha256Hex(payload));
        return 0;
    }

    public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        Matcher m = PKCS8.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(m.group(1).trim())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not an Ed25519 private key", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** {@code --name value} pairs after the command; unknown or repeated options are errors. */
    private static Map<String, String> options(String[] args) throws UsageException {
        Map<String, String> o = new HashMap<>();
        List<String> known = List.of("out", "key", "in", "pub", "sig");
        for (int i = 1; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name)) {
                throw new UsageException("unknown option '" + args[i] + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException(args[i] + " needs a value");
            }
            if (o.put(name, args[i + 1]) != null) {
                throw new UsageException(args[i] + " given twice");
            }
        }
        return o;
    }

    private static String require(Map<String, String> o, String name, Set<String> allowed) throws UsageException {
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new UsageException("--" + k + " does not apply here");
            }
        }
        String v = o.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }
}
