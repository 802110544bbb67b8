package io.bufferhub.device.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareSlotsTest {

    @TempDir
    Path work;

    private Path pkg(String... names) throws IOException {
        Path file = Files.createTempFile(work, "pkg", ".zip");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String n : names) {
                zip.putNextEntry(new ZipEntry(n));
                zip.write(n.getBytes());
                zip.closeEntry();
            }
        }
        return file;
    }

    @Test
    void swapKeepsThePreviousPackageAndRollbackRestoresIt() throws Exception {
        FirmwareSlots slots = new FirmwareSlots(work);
        slots.swapIn(slots.unpack("u1", pkg("agent-1.jar")));
        assertTrue(Files.exists(slots.current().resolve("agent-1.jar")));
        assertTrue(Files.isDirectory(slots.previous()), "the base install is the previous package");
        slots.swapIn(slots.unpack("u2", pkg("agent-2.jar", "lib-2.jar")));
        assertTrue(Files.exists(slots.current().resolve("lib-2.jar")));
        assertTrue(Files.exists(slots.previous().resolve("agent-1.jar")));
        assertTrue(slots.rollback());
        assertTrue(Files.exists(slots.current().resolve("agent-1.jar")));
        assertFalse(Files.exists(slots.current().resolve("agent-2.jar")));
        assertFalse(slots.rollback(), "only one step back is kept");
    }

    @Test
    void entryNamesFromTheWireNeverLeaveTheStagingFolder() throws Exception {
        FirmwareSlots slots = new FirmwareSlots(work);
        for (String bad : new String[] {"../evil.jar", "/etc/evil.jar", "lib/nested.jar", "script.sh", ".hidden.jar",
                "a\nb.jar"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> slots.unpack("u", pkg(bad)),
                    bad);
            assertTrue(e.getMessage().contains("not a plain"), e.getMessage());
        }
        assertFalse(Files.exists(work.getParent().resolve("evil.jar")));
        assertFalse(Files.exists(slots.current()), "nothing was installed");
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> slots.unpack("u", Files.writeString(work.resolve("x.zip"), "not a zip")));
        assertTrue(empty.getMessage().contains("not a zip of jars"), empty.getMessage());
    }

    @Test
    void confirmingAndRollingBackAreExclusive() throws Exception {
        new UpdateTrial("firmware", "u1", "2.0", 1000, 0).begin(work);
        assertTrue(UpdateTrial.pending(work).isPresent());
        assertFalse(UpdateTrial.pending(work).get().expired(System.currentTimeMillis()), "not started yet");
        assertEquals("u1", UpdateTrial.confirm(work).orElseThrow().id());
        assertFalse(UpdateTrial.claimRollback(work), "a confirmed update is not rolled back");
        assertEquals("u1", UpdateTrial.confirm(work).orElseThrow().id(), "until reported, the confirmation stays");
        UpdateTrial.confirmReported(work);
        assertTrue(UpdateTrial.confirm(work).isEmpty());

        UpdateTrial t = new UpdateTrial("config", "u2", "3", 1000, 0).startedAt(System.currentTimeMillis() - 2000);
        t.begin(work);
        assertTrue(UpdateTrial.pending(work).get().expired(System.currentTimeMillis()));
        assertTrue(UpdateTrial.claimRollback(work));
        assertTrue(UpdateTrial.confirm(work).isEmpty(), "a claimed rollback is not confirmed by a late check-in");
        Path config = Files.writeString(work.resolve("device.properties"), "new");
        Files.writeString(work.resolve("device.properties.previous"), "old");
        String detail = UpdateRollback.restore(t, work, config, "did not check in");
        assertEquals("old", Files.readString(config));
        assertTrue(detail.startsWith("rolled back"), detail);
        assertEquals("failed", UpdateTrial.outcome(work).orElseThrow().state());
        UpdateTrial.outcomeReported(work);
        assertTrue(UpdateTrial.outcome(work).isEmpty());
    }
}
