package io.bufferhub.device.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The supervisor's half of an update on probation (PROTOCOL.md §5): when the new firmware or settings do not
 * check in in time, the previous ones are put back and the outcome is left for the agent to report.
 */
public final class UpdateRollback {

    private UpdateRollback() {
    }

    /**
     * Restores what ran before {@code trial} (already claimed with {@link UpdateTrial#claimRollback}) and records
     * the {@code failed} outcome; returns a line for the supervisor's log.
     */
    public static String restore(UpdateTrial trial, Path work, Path configFile, String why) throws IOException {
        boolean restored;
        if ("config".equals(trial.kind())) {
            Path previous = configFile.resolveSibling(configFile.getFileName() + ".previous");
            restored = Files.exists(previous);
            if (restored) {
                Files.move(previous, configFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } else {
            restored = new FirmwareSlots(work).rollback();
        }
        String what = "config".equals(trial.kind()) ? "settings" : "firmware package";
        String detail = "rolled back: the new " + what + " (version " + trial.version() + ") " + why + "; "
                + (restored ? "the previous " + what + " is back in place" : "nothing to restore was found, the new one stays");
        UpdateTrial.rolledBack(work, new UpdateTrial.Outcome(trial.id(), "failed", detail));
        return detail;
    }
}
