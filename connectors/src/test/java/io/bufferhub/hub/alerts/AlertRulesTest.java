package io.bufferhub.hub.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.bufferhub.hub.cdr.CallRecord;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private static final AlertRules DEFAULTS = AlertRules.defaults();
    /** Saturday 21 November 2026 (UTC). */
    private static final Instant SATURDAY_MORNING = Instant.parse("2026-11-21T10:27:00Z");
    private static final Instant FRIDAY = Instant.parse("2026-11-20T00:00:00Z");

    private static CallRecord call(Instant start, Integer seconds, String direction, String dialled) {
        return new CallRecord(start, seconds, 3, direction, "4688", null, dialled, "4688", "9001", null, null, "1");
    }

    private static List<String> rules(AlertRules rules, CallRecord call) {
        return rules.match(call).stream().map(CallAlert::rule).collect(Collectors.toList());
    }

    @Test
    void emergencyCallsAlertWithTheirDetails() {
        List<CallAlert> hits = DEFAULTS.match(call(SATURDAY_MORNING, 44, CallRecord.OUT, "911"));
        assertEquals(1, hits.size());
        CallAlert a = hits.get(0);
        assertEquals(CallAlert.EMERGENCY, a.rule());
        assertEquals("emergency|4688|911", a.incidentKey());
        assertEquals("Emergency call 911 from extension 4688 at 2026-11-21 10:27 (trunk 9001), 44 s", a.summary());
    }

    @Test
    void emergencyVariantsAndNonEmergencies() {
        for (String yes : new String[] {"911", "9911", "9-999", "9112", "0112"}) {
            assertEquals(List.of(CallAlert.EMERGENCY), rules(DEFAULTS, call(FRIDAY.plusSeconds(36000), 60,
                    CallRecord.OUT, yes)), yes);
        }
        for (String no : new String[] {"9111", "91112223333", "1911"}) {
            assertFalse(rules(DEFAULTS, call(FRIDAY.plusSeconds(36000), 60, CallRecord.OUT, no))
                    .contains(CallAlert.EMERGENCY), no);
        }
    }

    @Test
    void emergencyCoversEveryDirectionButInbound() {
        assertEquals(List.of(CallAlert.EMERGENCY), rules(DEFAULTS, call(FRIDAY, 10, CallRecord.INTERNAL, "911")));
        assertEquals(List.of(CallAlert.EMERGENCY), rules(DEFAULTS, call(FRIDAY, 10, null, "911")));
        assertEquals(List.of(), rules(DEFAULTS, call(FRIDAY, 10, CallRecord.IN, "911")));
        CallRecord noDialled = new CallRecord(FRIDAY, 10, null, CallRecord.OUT, "201", "112", null, null, null,
                null, null, null);
        CallAlert a = DEFAULTS.match(noDialled).get(0);
        assertEquals("emergency|201|112", a.incidentKey());
        assertEquals("Emergency call 112 from 201 at 2026-11-20 00:00, 10 s", a.summary());
    }

    @Test
    void internationalCallsAlertOnlyOutsideBusinessHours() {
        Instant friday1759 = Instant.parse("2026-11-20T17:59:00Z");
        Instant friday1800 = Instant.parse("2026-11-20T18:00:00Z");
        Instant friday0800 = Instant.parse("2026-11-20T08:00:00Z");
        Instant friday0759 = Instant.parse("2026-11-20T07:59:59Z");
        String abroad = "9011441234567";
        assertEquals(List.of(), rules(DEFAULTS, call(friday1759, 60, CallRecord.OUT, abroad)));
        assertEquals(List.of(), rules(DEFAULTS, call(friday0800, 60, CallRecord.OUT, abroad)));
        assertEquals(List.of(CallAlert.INTERNATIONAL_AFTER_HOURS),
                rules(DEFAULTS, call(friday1800, 60, CallRecord.OUT, abroad)));
        assertEquals(List.of(CallAlert.INTERNATIONAL_AFTER_HOURS),
                rules(DEFAULTS, call(friday0759, 60, CallRecord.OUT, abroad)));
        CallAlert saturday = DEFAULTS.match(call(SATURDAY_MORNING, 725, CallRecord.OUT, abroad)).get(0);
        assertEquals("international-after-hours|4688", saturday.incidentKey());
        assertEquals("International call 9011441234567 from extension 4688 at 2026-11-21 10:27 (Sat) outside"
                + " business hours (trunk 9001), 12 min 5 s", saturday.summary());
        assertEquals(List.of(), rules(DEFAULTS, call(SATURDAY_MORNING, 60, CallRecord.IN, abroad)));
        assertEquals(List.of(), rules(DEFAULTS, call(null, 60, CallRecord.OUT, abroad)));
    }

    @Test
    void businessHoursFollowTheConfiguredZoneAndDays() {
        AlertRules newYork = AlertRules.fromProperties(Map.of(AlertRules.ZONE, "America/New_York",
                AlertRules.BUSINESS_DAYS, "MON,TUE,SAT"));
        String abroad = "0044207946000";
        // 10:27 UTC on Saturday is 05:27 in New York: before opening
        assertEquals(List.of(CallAlert.INTERNATIONAL_AFTER_HOURS),
                rules(newYork, call(SATURDAY_MORNING, 60, CallRecord.OUT, abroad)));
        assertEquals(List.of(), rules(newYork, call(Instant.parse("2026-11-21T15:00:00Z"), 60, null, abroad)));
        assertTrue(newYork.isBusinessTime(Instant.parse("2026-11-21T15:00:00Z")));
        assertFalse(newYork.isBusinessTime(Instant.parse("2026-11-20T15:00:00Z"))); // a Friday
    }

    @Test
    void longCallsAtOrAboveTheThreshold() {
        assertEquals(List.of(), rules(DEFAULTS, call(FRIDAY.plusSeconds(36000), 3599, CallRecord.IN, "4688")));
        CallAlert a = DEFAULTS.match(call(FRIDAY.plusSeconds(36000), 3720, CallRecord.OUT, "912125551234")).get(0);
        assertEquals(CallAlert.LONG_CALL, a.rule());
        assertEquals("long-call|4688", a.incidentKey());
        assertEquals("Long outbound call of 1 h 2 min from extension 4688 to 912125551234 at 2026-11-20 10:00"
                + " (trunk 9001)", a.summary());
        CallRecord inbound = new CallRecord(FRIDAY, 3600, 3, CallRecord.IN, "0791234", "201", null, "201", "9002",
                null, null, null);
        assertEquals("Long inbound call of 1 h to extension 201 from 0791234 at 2026-11-20 00:00 (trunk 9002)",
                DEFAULTS.match(inbound).get(0).summary());
        AlertRules off = AlertRules.fromProperties(Map.of(AlertRules.LONG_CALL_MINUTES, "0"));
        assertEquals(List.of(), rules(off, call(FRIDAY.plusSeconds(36000), 99_999, CallRecord.OUT, "4688")));
    }

    @Test
    void premiumRateCallsOutbound() {
        assertEquals(List.of(CallAlert.PREMIUM_RATE),
                rules(DEFAULTS, call(FRIDAY.plusSeconds(36000), 60, CallRecord.OUT, "919005551234")));
        assertEquals(List.of(), rules(DEFAULTS, call(FRIDAY.plusSeconds(36000), 60, CallRecord.IN, "19005551234")));
        // international, not 0 + premium 09…
        assertEquals(List.of(), rules(DEFAULTS, call(FRIDAY.plusSeconds(36000), 60, CallRecord.OUT, "0091123456")));
    }

    @Test
    void fraudCandidatesAreOutboundInternationalOrPremium() {
        assertTrue(DEFAULTS.isFraudCandidate(call(FRIDAY, 60, CallRecord.OUT, "9011441234567")));
        assertTrue(DEFAULTS.isFraudCandidate(call(FRIDAY, 60, null, "09001234")));
        assertFalse(DEFAULTS.isFraudCandidate(call(FRIDAY, 60, CallRecord.IN, "9011441234567")));
        assertFalse(DEFAULTS.isFraudCandidate(call(FRIDAY, 60, CallRecord.INTERNAL, "9011441234567")));
        assertFalse(DEFAULTS.isFraudCandidate(call(FRIDAY, 60, CallRecord.OUT, "912125551234")));
    }

    @Test
    void defaultsAreDocumented() {
        assertEquals(Set.of("911", "112", "999"), DEFAULTS.emergencyNumbers());
        assertEquals(Set.of("9", "0"), DEFAULTS.trunkPrefixes());
        assertEquals(Set.of("011", "00", "+"), DEFAULTS.internationalPrefixes());
        assertEquals(Set.of("1900", "0900", "09"), DEFAULTS.premiumPrefixes());
        assertEquals(new BusinessHours(LocalTime.of(8, 0), LocalTime.of(18, 0),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)), DEFAULTS.businessHours());
        assertEquals(ZoneId.of("UTC"), DEFAULTS.zone());
        assertEquals(Duration.ofMinutes(60), DEFAULTS.longCall());
        assertEquals(10, DEFAULTS.burstCalls());
        assertEquals(Duration.ofMinutes(5), DEFAULTS.burstWindow());
        assertEquals(Duration.ofMinutes(15), DEFAULTS.holdOff());
    }

    @Test
    void daysMayBeListsAndWrappingRanges() {
        assertEquals(EnumSet.of(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY),
                BusinessHours.parse("08:00-18:00", "fri-Mon").days());
        assertEquals(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
                BusinessHours.parse("08:00-24:00", "MONDAY, WED-THU").days());
        assertEquals(Set.of(), BusinessHours.parse("00:00-24:00", "").days());
    }

    @Test
    void badValuesFailNamingKeyAndValue() {
        assertEquals("alerts.longCall.minutes: 'abc' is not a whole number from 0 to 10080",
                failure(AlertRules.LONG_CALL_MINUTES, "abc"));
        assertEquals("alerts.fraud.burst.calls: '0' is not a whole number from 1 to 10080",
                failure(AlertRules.BURST_CALLS, "0"));
        assertTrue(failure(AlertRules.ZONE, "Mars/Base").startsWith("alerts.zone: 'Mars/Base' is not a time zone"));
        assertEquals("alerts.trunkPrefixes: '9a' is not a number or prefix (digits, +, *, #)",
                failure(AlertRules.TRUNK_PREFIXES, "9a,0"));
        assertTrue(failure(AlertRules.BUSINESS_HOURS, "18:00-08:00").startsWith("alerts.businessHours='18:00-08:00'"));
        assertTrue(failure(AlertRules.BUSINESS_HOURS, "8-18").contains("'8' is not a time HH:MM"));
        assertTrue(failure(AlertRules.BUSINESS_DAYS, "MON-FUN").contains("'FUN' is not a day"));
    }

    @Test
    void emptyListsTurnTheirRuleOff() {
        AlertRules noPremium = AlertRules.fromProperties(Map.of(AlertRules.PREMIUM_PREFIXES, ""));
        assertEquals(List.of(), rules(noPremium, call(FRIDAY.plusSeconds(36000), 60, CallRecord.OUT, "919005551234")));
    }

    @Test
    void summariesCannotCarryLineBreaks() {
        CallRecord hostile = new CallRecord(SATURDAY_MORNING, 44, null, CallRecord.OUT, null, null, "911",
                "4688\u2028Bcc: x@y", null, null, null, null);
        CallAlert a = DEFAULTS.match(hostile).get(0);
        assertFalse(a.summary().contains("\u2028") || a.incidentKey().contains("\u2028"));
        assertEquals("Emergency call 911 from extension 4688 Bcc: x@y at 2026-11-21 10:27, 44 s", a.summary());
    }

    private static String failure(String key, String value) {
        return assertThrows(IllegalArgumentException.class, () -> AlertRules.fromProperties(Map.of(key, value)))
                .getMessage();
    }
}
