package io.bufferhub.device.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;

/**
 * An exclusive OS lock on {@code spool.lock}: two writers on one spool directory would interleave
 * journals and reuse seqs. The OS drops the lock when the process dies, so a crash never leaves the
 * spool locked.
 */
final class DirectoryLock implements Closeable {

    private final RandomAccessFile file;
    private final FileLock lock;

    private DirectoryLock(RandomAccessFile file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path lockFile) throws IOException {
        RandomAccessFile file = new RandomAccessFile(lockFile.toFile(), "rw");
        FileLock lock = null;
        try {
            lock = file.getChannel().tryLock();
        } catch (OverlappingFileLockException e) {
            // already held by this JVM
        } catch (IOException e) {
            file.close();
            throw e;
        }
        if (lock == null) {
            file.close();
            throw new IllegalStateException("spool " + lockFile.getParent() + " is already open (in this or another process)");
        }
        return new DirectoryLock(file, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            file.close();
        }
    }
}
