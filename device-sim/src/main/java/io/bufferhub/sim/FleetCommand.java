package io.bufferhub.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.bufferhub.sim.fleet.FleetCounters;
import io.bufferhub.sim.fleet.FleetSettings;
import io.bufferhub.sim.fleet.FleetVerifier;
import io.bufferhub.sim.fleet.SimulatedFleet;

/** {@code fleet}: a simulated fleet against a running hub, with a count line every two seconds. */
final class FleetCommand {

    static final String USAGE = """
              fleet --hub URL --admin-token T [--fingerprint HEX] [--devices N] [--interval-ms M] [--lines L]
                    [--duplicate-rate p] [--cut-rate p] [--seconds S] [--prefix SIM] [--seed 1] [--backoff-cap-ms C]
                  N devices (serials <prefix>-0001 …) are registered with the admin token, then each pushes an
                  L-line Avaya SMDR batch every M ms (0 = back-to-back), re-sends acknowledged batches with
                  probability p and cuts connections mid-body with probability p. URL is the hub root
                  (https://host:8443); HTTPS needs --fingerprint, the hub certificate's SHA-256. S = 0 runs
                  until killed; a timed run ends by checking exactly-once against GET /admin/batches (exit
                  status 1 when violated). Defaults: --devices 10 --interval-ms 1000 --lines 50 rates 0 --seconds 0.""";

    private static final Set<String> NAMES = Set.of("hub", "admin-token", "fingerprint", "devices", "interval-ms",
            "lines", "duplicate-rate", "cut-rate", "seconds", "prefix", "seed", "backoff-cap-ms");

    private static final long REPORT_EVERY_MS = 2000;

    private FleetCommand() {
    }

    static FleetSettings parse(List<String> args) {
        CliArgs a = new CliArgs(args, NAMES);
        String hub = a.required("hub").replaceAll("/+$", "").replaceAll("/bpp/v1$", "");
        if (!hub.startsWith("http://") && !hub.startsWith("https://")) {
            throw new CliArgs.UsageException("--hub must be an http:// or https:// URL, got '" + hub + "'");
        }
        Set<String> pins = a.has("fingerprint") ? Set.of(a.required("fingerprint")) : Set.of();
        if (hub.startsWith("https://") && pins.isEmpty()) {
            throw new CliArgs.UsageException("--fingerprint is required for an https:// hub (devices pin it)");
        }
        long cap = a.longValue("backoff-cap-ms", 300_000, 1000, 86_400_000);
        return FleetSettings.builder(hub, a.required("admin-token"))
                .pins(pins)
                .serialPrefix(a.string("prefix", "SIM"))
                .devices(a.intValue("devices", 10, 1, 100_000))
                .intervalMs(a.longValue("interval-ms", 1000, 0, 86_400_000))
                .lines(a.intValue("lines", 50, 1, 100_000))
                .duplicateRate(a.rate("duplicate-rate", 0))
                .cutRate(a.rate("cut-rate", 0))
                .backoff(1000, cap)
                .seed(a.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE))
                .build();
    }

    static long seconds(List<String> args) {
        return new CliArgs(args, NAMES).longValue("seconds", 0, 0, 31_536_000);
    }

    /** Runs the fleet; after a timed run, checks exactly-once against the hub and returns 1 when violated. */
    static int run(List<String> args, PrintStream out) throws Exception {
        FleetSettings settings = parse(args);
        long seconds = seconds(args);
        SimulatedFleet fleet = new SimulatedFleet(settings);
        Thread stopOnExit = new Thread(() -> {
            try {
                fleet.stop();
                out.println("stopped: " + line(settings, fleet.counters()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        out.printf("registering %d devices at %s%n", settings.devices(), settings.hubUrl());
        fleet.start();
        long end = seconds == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + seconds * 1000;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(REPORT_EVERY_MS, Math.max(1, end - System.currentTimeMillis())));
            out.println(line(settings, fleet.counters()));
        }
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        fleet.stop();
        FleetCounters.Snapshot c = fleet.counters();
        out.println("done: " + line(settings, c));
        if (c.lastError() != null) {
            out.println("last error: " + c.lastError());
        }
        FleetVerifier.Report report = fleet.verify();
        out.println(report);
        return report.ok() ? 0 : 1;
    }

    static String line(FleetSettings s, FleetCounters.Snapshot c) {
        return String.format(Locale.ROOT, "devices %d  batches %,d  lines %,d  duplicates %,d  retries %,d  cuts %,d"
                        + "  errors %,d  quarantined %,d", s.devices(), c.acknowledged(), c.lines(), c.duplicates(),
                c.retries(), c.cuts(), c.errors(), c.quarantined());
    }
}
