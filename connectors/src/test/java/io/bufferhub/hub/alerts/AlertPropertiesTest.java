package io.bufferhub.hub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import io.bufferhub.hub.cdr.CallRecord;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Whatever text a PBX sends, notifications stay single safe lines, and the rules never fail on a call. */
class AlertPropertiesTest {

    private static final AlertRules RULES = AlertRules.defaults();

    private static boolean isLineBreakOrControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    @Property(tries = 500)
    void headerSafeTextIsOneBoundedCleanLine(@ForAll("hostileText") String s, @ForAll @IntRange(max = 80) int max) {
        String safe = SafeText.headerSafe(s, max);
        assertTrue(safe.length() <= max);
        assertTrue(safe.codePoints().noneMatch(AlertPropertiesTest::isLineBreakOrControl), safe);
        assertFalse(safe.contains("  "));
        assertEquals(safe.strip(), safe);
    }

    @Property(tries = 500)
    void bodySafeTextKeepsOnlyLineFeeds(@ForAll("hostileText") String s) {
        String safe = SafeText.bodySafe(s);
        assertTrue(safe.codePoints().noneMatch(cp -> cp != '\n' && isLineBreakOrControl(cp)), safe);
    }

    @Property(tries = 300)
    void anEmergencyNumberBehindATrunkPrefixIsOneAndAnythingLongerIsNot(
            @ForAll("emergencyNumbers") String number, @ForAll("trunkPrefixes") String prefix,
            @ForAll @NumericChars @StringLength(min = 1, max = 8) String more) {
        assertTrue(DialledNumbers.isEmergency(number, RULES.emergencyNumbers(), RULES.trunkPrefixes()));
        assertTrue(DialledNumbers.isEmergency(prefix + number, RULES.emergencyNumbers(), RULES.trunkPrefixes()));
        // (bare number + one digit may itself be prefix + number: 999 + 9 = 9 + 999)
        assertFalse(DialledNumbers.isEmergency(prefix + number + more, RULES.emergencyNumbers(),
                RULES.trunkPrefixes()));
    }

    @Property(tries = 500)
    void theRulesAnswerEveryCall(@ForAll("calls") CallRecord call) {
        List<CallAlert> alerts = RULES.match(call);
        for (CallAlert a : alerts) {
            assertTrue(a.summary().length() <= CallAlert.MAX_SUMMARY);
            assertTrue(a.summary().codePoints().noneMatch(AlertPropertiesTest::isLineBreakOrControl));
            assertTrue(a.incidentKey().startsWith(a.rule() + "|"));
        }
        RULES.isFraudCandidate(call);
    }

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.strings().withChars("ab 9\r\n\t\u0085\u2028\u2029\u202E\u200B\u0000:@\uD83D\uDE00")
                        .ofMaxLength(60));
    }

    @Provide
    Arbitrary<String> emergencyNumbers() {
        return Arbitraries.of(RULES.emergencyNumbers());
    }

    @Provide
    Arbitrary<String> trunkPrefixes() {
        return Arbitraries.of("9", "0", "9-", "0 ", "(9)");
    }

    @Provide
    Arbitrary<CallRecord> calls() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withChars("0123456789+-# ").ofMaxLength(20), Arbitraries.just(null));
        Arbitrary<Instant> starts = Arbitraries.longs().between(0, 4_102_444_799L).map(Instant::ofEpochSecond)
                .injectNull(0.1);
        Arbitrary<Integer> seconds = Arbitraries.integers().between(0, 400_000).injectNull(0.1);
        Arbitrary<String> direction = Arbitraries.of(CallRecord.IN, CallRecord.OUT, CallRecord.INTERNAL)
                .injectNull(0.25);
        return Combinators.combine(starts, seconds, direction, text, text, text, text).as(
                (start, duration, dir, caller, dialled, extension, trunk) -> new CallRecord(start, duration, null,
                        dir, caller, null, dialled, extension, trunk, null, null, null));
    }
}
