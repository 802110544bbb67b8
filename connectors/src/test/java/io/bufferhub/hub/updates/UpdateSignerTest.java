package io.bufferhub.hub.updates;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.bufferhub.device.heartbeat.FirmwareVerifier;
import io.bufferhub.tools.SignTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's optional firmware key: what {@code sign keygen} writes, signatures devices verify, bad files named. */
class UpdateSignerTest {

    private static Path keygen(Path dir) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        if (SignTool.run(new String[] {"keygen", "--out", dir.toString()}, quiet, quiet) != 0) {
            throw new AssertionError("keygen failed");
        }
        return dir.resolve(SignTool.KEY_FILE);
    }

    @Test
    void signsWhatTheDevicesVerifierAccepts(@TempDir Path dir) throws Exception {
        Path key = keygen(dir);
        byte[] firmware = {1, 2, 3, 4, 5};
        String signature = UpdateSigner.load(key).sign(firmware);
        FirmwareVerifier device = new FirmwareVerifier(FirmwareVerifier.readKeys(dir.resolve(SignTool.PUB_FILE)));
        assertTrue(device.verify(firmware, FirmwareVerifier.sha256Hex(firmware), signature).accepted());
        Files.delete(dir.resolve(SignTool.PUB_FILE));
        UpdateSigner.load(key); // the public key beside it is optional
    }

    @Test
    void aMissingUnusableOrMismatchedKeyIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.key");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateSigner.load(missing));
        assertTrue(e.getMessage().contains("nope.key"), e.getMessage());
        Path text = Files.writeString(dir.resolve("text.key"), "not a key\n");
        e = assertThrows(IllegalArgumentException.class, () -> UpdateSigner.load(text));
        assertTrue(e.getMessage().contains("text.key"), e.getMessage());
        Path a = keygen(dir.resolve("a"));
        Path b = keygen(dir.resolve("b"));
        Files.copy(b.resolveSibling(SignTool.PUB_FILE), a.resolveSibling(SignTool.PUB_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(IllegalArgumentException.class, () -> UpdateSigner.load(a));
        assertTrue(e.getMessage().contains(SignTool.PUB_FILE), e.getMessage());
    }
}
