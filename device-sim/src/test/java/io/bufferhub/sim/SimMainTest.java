package io.bufferhub.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.bufferhub.sim.bench.BenchOptions;
import io.bufferhub.sim.fleet.FleetSettings;
import org.junit.jupiter.api.Test;

class SimMainTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(status), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void badCommandLinesEndWithTheUsageAndStatusTwo() {
        for (String[] args : List.of(new String[] {}, new String[] {"fly"}, new String[] {"bench"},
                new String[] {"bench", "ingest", "--db", "oracle"}, new String[] {"bench", "ingest", "--devices"},
                new String[] {"bench", "fanout", "--db", "both"}, new String[] {"bench", "fanout", "--alert-rate", "0"},
                new String[] {"fleet", "--hub", "https://h:8443", "--admin-token", "t"},
                new String[] {"fleet", "--hub", "http://h:8443", "--admin-token", "t", "--cut-rate", "2"},
                new String[] {"fleet", "--hub", "http://h:8443"})) {
            String[] r = run(args);
            assertEquals("2", r[0], String.join(" ", args));
            assertTrue(r[2].startsWith("error: ") && r[2].contains("usage: SimMain"), r[2]);
        }
    }

    @Test
    void fleetOptionsBecomeSettings() {
        FleetSettings s = FleetCommand.parse(List.of("--hub", "https://hub:8443/bpp/v1", "--admin-token", "tok",
                "--fingerprint", "ab:cd", "--devices", "5", "--interval-ms=0", "--lines", "10",
                "--duplicate-rate", "0.1", "--cut-rate", "0.05", "--seconds", "30"));
        assertEquals("https://hub:8443", s.hubUrl());
        assertEquals(Set.of("ab:cd"), s.pins());
        assertEquals(5, s.devices());
        assertEquals(0, s.intervalMs());
        assertEquals(10, s.lines());
        assertEquals(0.1, s.duplicateRate());
        assertEquals(0.05, s.cutRate());
        assertEquals("SIM-0005", s.serial(4));
    }

    @Test
    void benchOptionsHaveTheDocumentedDefaults() {
        BenchOptions o = BenchOptions.parse(List.of());
        assertEquals(List.of("h2", "postgresql"), o.databases());
        assertEquals(32, o.devices());
        assertEquals(20, o.seconds());
        assertEquals(200, o.lines());
        assertEquals(4, o.writers());
        BenchOptions small = BenchOptions.parse(List.of("--db", "h2", "--devices", "2"));
        assertEquals(List.of("h2"), small.databases());
        assertEquals(2, small.writers());
        assertThrows(CliArgs.UsageException.class, () -> BenchOptions.parse(List.of("--seconds", "0")));
    }
}
