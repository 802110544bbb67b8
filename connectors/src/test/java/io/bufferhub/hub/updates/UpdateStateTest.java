package io.bufferhub.hub.updates;

import static io.bufferhub.hub.updates.UpdateState.APPLIED;
import static io.bufferhub.hub.updates.UpdateState.DOWNLOADED;
import static io.bufferhub.hub.updates.UpdateState.FAILED;
import static io.bufferhub.hub.updates.UpdateState.PENDING;
import static io.bufferhub.hub.updates.UpdateState.REJECTED;
import static io.bufferhub.hub.updates.UpdateState.transition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.bufferhub.hub.updates.UpdateState.Outcome;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md §5 status rules: repeats harmless, applied/failed/rejected final, a change after them 409. */
class UpdateStateTest {

    private static final List<UpdateState> FINAL = List.of(APPLIED, FAILED, REJECTED);

    @Test
    void openStatesMoveToAnyReportedState() {
        for (UpdateState to : List.of(DOWNLOADED, APPLIED, FAILED, REJECTED)) {
            assertEquals(Outcome.CHANGE, transition(PENDING, to), "pending → " + to);
        }
        for (UpdateState to : FINAL) {
            assertEquals(Outcome.CHANGE, transition(DOWNLOADED, to), "downloaded → " + to);
        }
    }

    @Test
    void repeatingAStateIsHarmless() {
        for (UpdateState s : List.of(DOWNLOADED, APPLIED, FAILED, REJECTED)) {
            assertEquals(Outcome.REPEAT, transition(s, s), s.wire());
        }
    }

    @Test
    void anyOtherStateAfterAFinalOneConflicts() {
        for (UpdateState from : FINAL) {
            for (UpdateState to : List.of(DOWNLOADED, APPLIED, FAILED, REJECTED)) {
                if (from != to) {
                    assertEquals(Outcome.CONFLICT, transition(from, to), from + " → " + to);
                }
            }
        }
    }

    @Test
    void pendingIsNeverReported() {
        assertThrows(IllegalArgumentException.class, () -> transition(DOWNLOADED, PENDING));
        assertFalse(PENDING.reportable());
    }

    @Test
    void openMeansListedAtCheckIn() {
        assertTrue(PENDING.isOpen());
        assertTrue(DOWNLOADED.isOpen());
        FINAL.forEach(s -> assertTrue(s.isFinal()));
    }

    @Test
    void wireNames() {
        for (UpdateState s : UpdateState.values()) {
            assertEquals(s, UpdateState.fromWire(s.wire()).orElseThrow());
        }
        assertTrue(UpdateState.fromWire("APPLIED").isEmpty());
        assertTrue(UpdateState.fromWire(null).isEmpty());
    }
}
