package io.bufferhub.device.push;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

import io.bufferhub.common.ContentDigest;
import io.bufferhub.device.spool.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The base a {@code 308} moved the device to, kept on disk: PROTOCOL.md §6 says the device keeps it "until its
 * configuration changes", restarts included. Beside the base the file holds a fingerprint of the settings that
 * decide where the device connects (serial, main URL, pinned certificates); a file learned under other settings
 * is discarded at start, so a config update or an operator's edit sends the device to its main URL again. A
 * {@code 307} base is never stored (it ends with a restart). Replaced atomically (temp file, fsync, rename,
 * directory fsync), so a power cut leaves the old file or the new one.
 */
public final class PermanentRedirectStore {

    /** The file's name in the agent's work folder. */
    public static final String FILE = "hub-redirect.properties";
    private static final Logger LOG = LoggerFactory.getLogger(PermanentRedirectStore.class);

    private final Path file;
    private final String mainUrl;
    private final String fingerprint;

    public PermanentRedirectStore(Path file, PushSettings settings) {
        this.file = file;
        this.mainUrl = settings.mainUrl();
        this.fingerprint = fingerprint(settings);
    }

    /** SHA-256 (hex) of what decides where the device connects; any change to it ends a 308. */
    static String fingerprint(PushSettings s) {
        String pins = s.pins().stream().map(p -> p.replace(":", "").toLowerCase(Locale.ROOT)).sorted()
                .collect(Collectors.joining(","));
        String where = "serial=" + s.serial() + "\nmainUrl=" + s.mainUrl() + "\npins=" + pins + "\n";
        return ContentDigest.hex(ContentDigest.sha256(where.getBytes(StandardCharsets.UTF_8)));
    }

    /** Starts {@code connection} from the kept base (if any) and keeps every later 308 base it follows. */
    public void attach(HubConnection connection) {
        String kept = load();
        if (kept != null) {
            connection.restorePermanentBase(kept);
        }
        connection.onPermanentRedirect(this::save);
    }

    /**
     * The kept base when it was learned under these settings, else null; a file from other settings, or one
     * that cannot be read, is removed so that it cannot come back with a later change.
     */
    public synchronized String load() {
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        String base;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
            base = PushSettings.normalizeBase(p.getProperty("base", ""));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{} is unreadable ({}): discarded, requests go to {}", file, e.toString(), mainUrl);
            discard();
            return null;
        }
        if (!fingerprint.equals(p.getProperty("settings"))) {
            LOG.info("the 308 base {} was learned under other settings (device.mainUrl {}): discarded, requests go"
                    + " to {}", base, p.getProperty("mainUrl"), mainUrl);
            discard();
            return null;
        }
        LOG.info("permanent redirect kept from an earlier run: the hub base is {} (device.mainUrl {})", base, mainUrl);
        return base;
    }

    /** Keeps {@code base} for later runs; a 308 back to the main URL removes the file. Failures are logged. */
    public synchronized void save(String base) {
        try {
            if (base.equals(mainUrl)) {
                DurableFiles.deleteDurably(file);
                return;
            }
            Properties p = new Properties();
            p.setProperty("base", base);
            p.setProperty("mainUrl", mainUrl);
            p.setProperty("settings", fingerprint);
            StringWriter w = new StringWriter();
            p.store(w, "bufferhub: hub base after a 308 (PROTOCOL.md 6); dropped when the settings change");
            Files.createDirectories(file.toAbsolutePath().getParent());
            DurableFiles.writeAtomically(file, w.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.error("could not keep the 308 base {} in {} ({}): it holds until the agent restarts", base, file,
                    e.toString());
        }
    }

    private void discard() {
        try {
            DurableFiles.deleteDurably(file);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", file, e.toString());
        }
    }
}
