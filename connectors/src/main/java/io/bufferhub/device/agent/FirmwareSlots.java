package io.bufferhub.device.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The agent's installed firmware: a package is a zip of jars, unpacked into {@code firmware/current} which the
 * supervisor puts ahead of the base install on the class path, so a package may replace any agent class or
 * library. The package it replaced stays in {@code firmware/previous} for the rollback. Entry names come from
 * the wire (signed, but still checked): only plain {@code *.jar} names, no folders, bounded count and size.
 */
public final class FirmwareSlots {

    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.jar");
    private static final int MAX_ENTRIES = 400;
    private static final long MAX_BYTES = 512L * 1024 * 1024;

    private final Path dir;

    public FirmwareSlots(Path workDir) {
        this.dir = workDir.resolve("firmware");
    }

    /** Jars of the installed package (may be absent: the base install alone). */
    public Path current() {
        return dir.resolve("current");
    }

    public Path previous() {
        return dir.resolve("previous");
    }

    /**
     * Unpacks a verified package into a staging folder; throws IllegalArgumentException naming what is wrong
     * with it (the caller reports {@code rejected} and nothing is swapped).
     */
    public Path unpack(String updateId, Path pkg) throws IOException {
        Path staging = dir.resolve("staging-" + updateId.replaceAll("[^A-Za-z0-9_-]", "_"));
        deleteTree(staging);
        Files.createDirectories(staging);
        List<String> names = new ArrayList<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(pkg))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                if (!JAR_NAME.matcher(e.getName()).matches() || names.contains(e.getName())) {
                    deleteTree(staging);
                    throw new IllegalArgumentException("package entry '" + printable(e.getName())
                            + "' is not a plain, unique *.jar name at the top level");
                }
                if (names.size() >= MAX_ENTRIES) {
                    deleteTree(staging);
                    throw new IllegalArgumentException("package has more than " + MAX_ENTRIES + " jars");
                }
                names.add(e.getName());
                total += copyBounded(zip, staging.resolve(e.getName()), MAX_BYTES - total);
            }
        } catch (IllegalArgumentException e) {
            deleteTree(staging);
            throw e;
        }
        if (names.isEmpty()) {
            deleteTree(staging);
            throw new IllegalArgumentException("package is not a zip of jars (no *.jar entry found)");
        }
        return staging;
    }

    /** Makes a staged package current; what ran before becomes {@code previous} (empty = the base install). */
    public void swapIn(Path staging) throws IOException {
        deleteTree(previous());
        if (Files.isDirectory(current())) {
            Files.move(current(), previous(), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.createDirectories(previous());
        }
        Files.move(staging, current(), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Puts the previous package back; false when there is none to restore. */
    public boolean rollback() throws IOException {
        if (!Files.isDirectory(previous())) {
            return false;
        }
        deleteTree(current());
        Files.move(previous(), current(), StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static long copyBounded(InputStream in, Path target, long budget) throws IOException {
        long n = 0;
        byte[] buf = new byte[64 * 1024];
        try (var out = Files.newOutputStream(target)) {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                n += r;
                if (n > budget) {
                    throw new IllegalArgumentException("package unpacks to more than " + MAX_BYTES + " bytes");
                }
                out.write(buf, 0, r);
            }
        }
        return n;
    }

    private static String printable(String name) {
        String s = name.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
