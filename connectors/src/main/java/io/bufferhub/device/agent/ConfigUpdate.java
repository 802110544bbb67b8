package io.bufferhub.device.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.UnaryOperator;

import io.bufferhub.common.OwnerOnlyFiles;
import io.bufferhub.device.heartbeat.UpdateItem;

/**
 * A {@code config} update (PROTOCOL.md §5): a properties file that replaces the agent's settings file. It is
 * checked as the agent would check it at start, must keep the serial and the spool folder (the spooled data
 * lives there and is sent after the restart), and is then written with the old file kept as
 * {@code <file>.previous} for the supervisor's rollback. Keys the operator leaves out that only the device
 * knows — its secret and spool folder — are carried over, so updates need not contain secrets.
 */
final class ConfigUpdate {

    private static final String[] CARRIED_OVER = {"device.secret", "spool.dir"};

    private ConfigUpdate() {
    }

    /**
     * Installs the settings on probation, or answers why not (the current file untouched).
     *
     * @param resolve resolves {@code {{…}}} placeholders in a value the way the running agent does
     */
    static UpdateApplier.Outcome install(UpdateItem item, byte[] payload, AgentSettings current, Path configFile,
                                         UnaryOperator<String> resolve, Path work) throws IOException {
        Properties incoming = new Properties();
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(payload), StandardCharsets.UTF_8)) {
            incoming.load(r);
        } catch (IllegalArgumentException e) {
            return refused("not a properties file: " + e.getMessage());
        }
        Properties old = new Properties();
        try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            old.load(r);
        }
        StringBuilder carried = new StringBuilder();
        for (String key : CARRIED_OVER) {
            if (incoming.getProperty(key) == null && old.getProperty(key) != null) {
                incoming.setProperty(key, old.getProperty(key));
                carried.append('\n').append(key).append(" = ").append(escape(old.getProperty(key)));
            }
        }
        AgentSettings next;
        try {
            next = AgentSettings.from(k -> incoming.getProperty(k) == null ? null : resolve.apply(incoming.getProperty(k)),
                    incoming.stringPropertyNames());
        } catch (RuntimeException e) {
            return refused(String.valueOf(e.getMessage()));
        }
        if (!next.serial().equals(current.serial())) {
            return refused("device.serial would change from " + current.serial() + " to " + next.serial());
        }
        if (!next.spoolDir().toAbsolutePath().normalize().equals(current.spoolDir().toAbsolutePath().normalize())) {
            return refused("spool.dir would change (the spooled data lives in " + current.spoolDir() + ")");
        }
        // previous first, then probation, then the new file: a crash at any point leaves a file the supervisor can restore
        OwnerOnlyFiles.write(configFile.resolveSibling(configFile.getFileName() + ".previous"), Files.readAllBytes(configFile));
        new UpdateTrial("config", item.id(), item.version(), current.rollbackAfterMs(), 0).begin(work);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write(payload);
        if (carried.length() > 0) {
            content.write(("\n# carried over from the previous settings" + carried + "\n").getBytes(StandardCharsets.UTF_8));
        }
        OwnerOnlyFiles.write(configFile, content.toByteArray());
        return new UpdateApplier.Outcome("downloaded", "settings checked and written; restarting to apply them (the"
                + " previous settings return if the agent does not check in within " + current.rollbackAfterMs() / 1000
                + " s)", true);
    }

    private static UpdateApplier.Outcome refused(String why) {
        return new UpdateApplier.Outcome("failed", "settings refused: " + why + "; the current settings stay", false);
    }

    /** A value as a properties file line keeps it (backslashes and leading spaces). */
    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
