package io.bufferhub.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.bufferhub.device.heartbeat.FirmwareVerifier;

/** keygen → sign → verify, as an operator runs them, and the device's verifier accepting the result. */
class SignToolTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SignTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void keygenSignVerifyRoundTrip() throws Exception {
        Path keys = dir.resolve("keys");
        Run gen = run("keygen", "--out", keys.toString());
        assertEquals(0, gen.status(), gen.err());
        Path key = keys.resolve("update-signing.key");
        Path pub = keys.resolve("update-signing.pub");
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----"));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        }

        Path firmware = dir.resolve("agent-2.0.tar.gz");
        Files.write(firmware, "pretend this is a package\n".repeat(500).getBytes(StandardCharsets.US_ASCII));
        Path sigFile = dir.resolve("agent-2.0.tar.gz.sig");
        Run sign = run("sign", "--key", key.toString(), "--in", firmware.toString(), "--out", sigFile.toString());
        assertEquals(0, sign.status(), sign.err());
        Matcher m = Pattern.compile("signature: (\\S+)\\nsha256: ([0-9a-f]{64})").matcher(sign.out());
        assertTrue(m.find(), sign.out());
        String signature = m.group(1);
        assertEquals(FirmwareVerifier.sha256Hex(firmware), m.group(2));
        assertEquals(signature, Files.readString(sigFile).trim());

        Run ok = run("verify", "--pub", pub.toString(), "--in", firmware.toString(), "--sig", sigFile.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.out().startsWith("OK"), ok.out());
        assertEquals(0, run("verify", "--pub", pub.toString(), "--in", firmware.toString(), "--sig", signature)
                .status(), "the signature may be given inline");

        // what the device does with the same material
        FirmwareVerifier device = new FirmwareVerifier(FirmwareVerifier.readKeys(pub));
        assertTrue(device.verify(firmware, m.group(2), signature).accepted());

        Files.writeString(firmware, "tampered", java.nio.file.StandardOpenOption.APPEND);
        Run bad = run("verify", "--pub", pub.toString(), "--in", firmware.toString(), "--sig", sigFile.toString());
        assertEquals(1, bad.status());
        assertTrue(bad.err().startsWith("FAILED"), bad.err());
    }

    @Test
    void badInputGivesAClearErrorAndStatus2() throws Exception {
        Path keys = dir.resolve("k");
        assertEquals(0, run("keygen", "--out", keys.toString()).status());
        Run again = run("keygen", "--out", keys.toString());
        assertEquals(2, again.status());
        assertTrue(again.err().contains("refusing to overwrite"), again.err());

        Path in = dir.resolve("in.bin");
        Files.writeString(in, "x");
        for (List<String> args : List.of(List.<String>of(), List.of("frobnicate"), List.of("sign", "--in", in.toString()),
                List.of("sign", "--key"), List.of("verify", "--pub", "nope.pub", "--in", in.toString(), "--sig", "x.sig"),
                List.of("keygen", "--out", keys.toString(), "--key", "x"))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.status(), args + ": " + r.err());
            assertTrue(r.err().contains("usage") || r.err().contains("error"), r.err());
        }
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.writeString(notAKey, "hello");
        Run r = run("sign", "--key", notAKey.toString(), "--in", in.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("PKCS#8"), r.err());
        Run noSig = run("verify", "--pub", keys.resolve("update-signing.pub").toString(), "--in", in.toString(),
                "--sig", dir.resolve("missing.sig").toString());
        assertEquals(2, noSig.status());
        assertTrue(noSig.err().contains("no such file"), noSig.err());
    }
}
