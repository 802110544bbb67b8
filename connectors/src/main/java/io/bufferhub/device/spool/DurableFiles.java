package io.bufferhub.device.spool;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The few file operations the spool builds its crash safety on. A file is replaced by writing a
 * {@code .tmp} sibling, {@code fsync}ing it, renaming it over the target (atomic on POSIX) and
 * {@code fsync}ing the directory, so after a crash a reader sees either the old or the new complete
 * file, never a torn one. Streams rather than {@link FileChannel} are used for data because a thread
 * interrupt closes a {@code FileChannel} under its other users. Public for the agent's small state files.
 */
public final class DurableFiles {

    static final String TMP = ".tmp";

    private DurableFiles() {
    }

    /** Atomically replaces {@code target} with the concatenated parts, durably. */
    public static void writeAtomically(Path target, byte[]... parts) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP);
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.getFD().sync();
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(target.getParent());
    }

    /** Atomically renames a file (both directories are synced, so the move survives a power loss). */
    static void moveDurably(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(to.getParent());
        if (!from.getParent().equals(to.getParent())) {
            fsyncDir(from.getParent());
        }
    }

    /** Deletes a file if present and syncs its directory so the deletion survives a power loss. */
    public static void deleteDurably(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            fsyncDir(file.getParent());
        }
    }

    /**
     * Makes the directory entries (creates, renames, deletes) durable. The interrupt flag is cleared
     * for the call and restored afterwards, since an interrupted thread cannot open a channel.
     */
    static void fsyncDir(Path dir) throws IOException {
        boolean interrupted = Thread.interrupted();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
            // Windows cannot open a directory for sync; NTFS metadata is journaled anyway
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
