package io.bufferhub.hub.updates;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an update stands on one device (PROTOCOL.md §5): {@code pending} until the device reports, then
 * {@code downloaded}, then one of the final states. The rules live here, apart from SQL, so they can be tested
 * on their own: a device that lost our {@code 204} repeats its report and must not be punished for it, while a
 * device contradicting a final report has a bug the operator should see ({@code 409}).
 */
public enum UpdateState {
    PENDING,
    DOWNLOADED,
    APPLIED,
    FAILED,
    REJECTED;

    /** What a report does to the stored state. */
    public enum Outcome {
        /** The state changes to the reported one. */
        CHANGE,
        /** The same state again: harmless, nothing changes (first detail kept). */
        REPEAT,
        /** A different state after a final one: refused with 409. */
        CONFLICT
    }

    public boolean isFinal() {
        return this == APPLIED || this == FAILED || this == REJECTED;
    }

    /** Still offered to the device at check-in: not ended yet. */
    public boolean isOpen() {
        return !isFinal();
    }

    /** States a device may report; {@code pending} is the hub's own starting point, never reported. */
    public boolean reportable() {
        return this != PENDING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UpdateState> fromWire(String s) {
        for (UpdateState st : values()) {
            if (st.wire().equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }

    /**
     * The effect of reporting {@code reported} while the update is {@code current}. A report of
     * {@code downloaded} after a final state is a conflict too: the device went backwards.
     */
    public static Outcome transition(UpdateState current, UpdateState reported) {
        if (!reported.reportable()) {
            throw new IllegalArgumentException("a device cannot report " + reported.wire());
        }
        if (current == reported) {
            return Outcome.REPEAT;
        }
        if (current.isFinal()) {
            return Outcome.CONFLICT;
        }
        return Outcome.CHANGE;
    }
}
