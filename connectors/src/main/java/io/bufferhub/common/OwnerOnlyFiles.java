package io.bufferhub.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets on disk (admin token, key store and its password, signing keys): random values, and files that are
 * owner-only from the moment they exist — created with {@code rw-------}, written, then moved into place, so a
 * secret is never readable by others, not even briefly, and a crash leaves no half-written file.
 */
public final class OwnerOnlyFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What writes the file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private OwnerOnlyFiles() {
    }

    /** {@code bytes} random bytes as URL-safe base64, for tokens and passwords. */
    public static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static void write(Path file, byte[] content) throws IOException {
        write(file, out -> out.write(content));
    }

    /** Writes {@code file} (replacing it) so that only its owner can read it. */
    public static void write(Path file, Content content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        createOwnerOnly(tmp);
        try (OutputStream out = Files.newOutputStream(tmp)) {
            content.writeTo(out);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** As {@link #write(Path, byte[])}, but refuses to replace an existing file. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        write(file, content);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file); // e.g. Windows: the directory's own permissions protect it
            return;
        }
        FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
        Files.createFile(file, ownerOnly);
    }
}
