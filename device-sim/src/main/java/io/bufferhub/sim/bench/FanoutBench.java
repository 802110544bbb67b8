package io.bufferhub.sim.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.push.HubClient;

/**
 * {@code bench fanout} (issue 5 §6): what the fan-out costs the ingest, whether it keeps up, and how fast an alert
 * reaches the mailbox. On one database server (embedded PostgreSQL by default), the hub runs twice as a child JVM
 * under the same load as {@code bench ingest}: once with every integration off (the raw limit of this run), once
 * with the {@code cdr-table}, {@code files}, {@code alert-rules} and {@code alert-mail} sinks on, mailing to an
 * SMTP server in this JVM ({@link SmtpReceipts}). Each run gets an empty database of its own on that server, so
 * neither sees the other's rows (nor its sink registrations, which outlive a hub). With the sinks on, the outbox is
 * then watched until it is empty ({@link SinkDrain}). Last, a third hub with every sink on and nothing else to do
 * times alerts from push to mail ({@link AlertLatencyRun}), apart from the loaded hub so that a backlog there
 * cannot delay them. {@code --sinks} narrows the sinks of the second run, to see which costs what. The run
 * directory is deleted afterwards unless something failed.
 */
public final class FanoutBench {

    public static final String USAGE = """
              bench fanout [--db postgresql|h2] [--devices N] [--seconds T] [--lines L] [--warmup S]
                           [--sinks LIST] [--alerts A] [--alert-rate R] [--drain-timeout D]
                  the hub under the `bench ingest` load twice on the same database server: every integration
                  off, then the sinks of LIST on (default cdr-table,files,alert-rules,alert-mail; mail goes to
                  GreenMail in this JVM, SMS stays off);
                  rows/s of each and the ratio; with the sinks on, the time until the outbox is empty after
                  the load (at most D s) and the rows delivered per second; then A batches with one 911 call
                  each, R per second, on a third hub with every sink on and nothing else to do: stored (201)
                  → mail received, p50/p99.
                  Defaults: --db postgresql --devices 32 --seconds 20 --lines 200 --warmup 3 --alerts 200
                  --alert-rate 5 --drain-timeout 900.""";

    private static final Set<String> NAMES = Set.of("db", "devices", "seconds", "lines", "warmup", "sinks", "alerts",
            "alert-rate", "drain-timeout");
    private static final String MAIL_TO = "alerts@bench.invalid";
    /** The sinks measured, by outbox name, with the integration switch of each ({@code integrations.<x>.enabled}). */
    private static final Map<String, String> SINKS = sinks();
    private static final int LOG_LINES_SHOWN = 10;

    private final BenchOptions load;
    private final List<String> sinksOn;
    private final int alerts;
    private final int alertRate;
    private final int drainTimeout;
    private final Path home;
    private final String hubClasspath;
    private final PrintStream out;

    private FanoutBench(BenchOptions load, List<String> sinksOn, int alerts, int alertRate, int drainTimeout, Path home,
                        String hubClasspath, PrintStream out) {
        this.load = load;
        this.sinksOn = sinksOn;
        this.alerts = alerts;
        this.alertRate = alertRate;
        this.drainTimeout = drainTimeout;
        this.home = home;
        this.hubClasspath = hubClasspath;
        this.out = out;
    }

    /** Parses the options; reads the hub's home and classpath from {@code bufferhub.home} and {@code bufferhub.hub.classpath}. */
    public static FanoutBench fromSystemProperties(List<String> args, PrintStream out) {
        CliArgs a = new CliArgs(args, NAMES);
        String db = a.choice("db", BenchOptions.POSTGRESQL, Set.of(BenchOptions.H2, BenchOptions.POSTGRESQL));
        BenchOptions load = new BenchOptions(List.of(db), a.intValue("devices", 32, 1, 10_000),
                a.intValue("seconds", 20, 1, 86_400), a.intValue("warmup", 3, 0, 600),
                a.intValue("lines", 200, 1, 100_000), 1);
        int alerts = a.intValue("alerts", 200, 1, 2_000);
        int rate = a.intValue("alert-rate", 5, 1, 1_000);
        int drain = a.intValue("drain-timeout", 900, 10, 86_400);
        List<String> sinksOn = List.of(a.string("sinks", String.join(",", SINKS.keySet())).split(","));
        for (String sink : sinksOn) {
            if (!SINKS.containsKey(sink)) {
                throw new CliArgs.UsageException("option --sinks: one or more of " + String.join(",", SINKS.keySet())
                        + ", got '" + sink + "'");
            }
        }
        String home = System.getProperty("bufferhub.home");
        String cp = System.getProperty("bufferhub.hub.classpath");
        if (home == null || home.isBlank() || cp == null || cp.isBlank()) {
            throw new CliArgs.UsageException("bench fanout needs -Dbufferhub.home and -Dbufferhub.hub.classpath"
                    + " (bin/bufferhub sets them)");
        }
        return new FanoutBench(load, sinksOn, alerts, rate, drain, Path.of(home).toAbsolutePath().normalize(), cp, out);
    }

    /** One hub run under load: the ingest figures, and with the sinks on the drain and the mails it caused. */
    private record Side(String name, HubLoadRun.Result hub, SinkDrain.Result drain, long mails) {
        double rowsPerSecond() {
            return hub.throughput().rowsPerSecond();
        }

        /** All rows stored (warm-up included) over the load's time plus the drain's. */
        double deliveredRowsPerSecond() {
            return hub.loadRows() / (hub.loadSeconds() + drain.seconds());
        }
    }

    public String run() throws Exception {
        String kind = load.databases().get(0);
        out.println("machine: " + BenchReport.machine());
        out.printf(Locale.ROOT, "parameters: %s; %d devices; %d lines/batch; %d s warm-up + %d s measured; %d alerts at"
                        + " %d/s%n", kind, load.devices(), load.lines(), load.warmupSeconds(), load.seconds(), alerts,
                alertRate);
        List<byte[]> bodies = IngestBench.bodies(load.lines());
        Path runDir = Files.createTempDirectory("bufferhub-fanout-bench-");
        out.println("run directory " + runDir);
        boolean ok = false;
        try (SmtpReceipts smtp = SmtpReceipts.start(); BenchDatabase server = BenchDatabase.create(kind, runDir)) {
            out.println("SMTP (GreenMail, this JVM) on 127.0.0.1:" + smtp.port() + "; database server " + server.url());
            Side none = side("none", server.fresh("fanout_none"), runDir, bodies, smtp, false);
            Side all = side("sinks on", server.fresh("fanout_sinks"), runDir, bodies, smtp, true);
            AlertLatencyRun.Result latency = alerts(server.fresh("fanout_alerts"), runDir, smtp);
            String markdown = markdown(kind, none, all, latency);
            out.println();
            out.println(markdown);
            ok = none.hub().exactlyOnce().ok() && all.hub().exactlyOnce().ok() && all.drain().drained()
                    && latency.mailed() == alerts;
            return markdown;
        } finally {
            if (ok) {
                IngestBench.deleteTree(runDir);
            } else {
                out.println("something failed or did not finish; kept " + runDir + " for inspection");
            }
        }
    }

    private Side side(String name, BenchDatabase db, Path runDir, List<byte[]> bodies, SmtpReceipts smtp,
                      boolean sinks) throws Exception {
        out.println();
        out.println("== " + name + ": " + (sinks ? String.join(", ", sinksOn) + " on" : "every integration off"));
        String token = IngestBench.adminToken();
        HubProcess hub = HubProcess.start(hubClasspath, home, runDir.resolve("hub-" + (sinks ? "sinks" : "none")), token,
                db, hubOptions(sinks ? sinksOn : List.of(), smtp.port(), List.of()));
        try {
            out.println("[" + name + "] hub ready at " + hub.url() + " (log " + hub.log() + ")");
            HubClient client = new HubClient(hub.url(), hub.pins());
            long mailsBefore = smtp.received();
            HubLoadRun.Result result = HubLoadRun.run(name, hub, token, load, bodies, out);
            Measurement.Throughput t = result.throughput();
            out.printf(Locale.ROOT, "[%s] hub: %,.0f rows/s, %,.1f batches/s, p50 %.1f ms, p99 %.1f ms, %d errors;"
                            + " CPU hub %.0f %%, client %.0f %% (of one core)%n", name, t.rowsPerSecond(),
                    t.batchesPerSecond(), result.p50Ms(), result.p99Ms(), t.errors(), result.hubCpuPercent(),
                    result.clientCpuPercent());
            out.println("[" + name + "] " + result.exactlyOnce());
            if (!sinks) {
                out.println("[" + name + "] sinks registered: " + SinkDrain.read(client, token).size() + " (none expected)");
                printLog(name, hub);
                return new Side(name, result, null, 0);
            }
            SinkDrain.Result drain = SinkDrain.await(name, client, token, result.loadEndNanos(), drainTimeout, out);
            long mails = smtp.received() - mailsBefore;
            out.printf(Locale.ROOT, "[%s] outbox empty %.1f s after the load (per sink: %s); %,d rows stored in"
                            + " %.1f s of load; %d dead letters; %,d alert mails from the load%n", name, drain.seconds(),
                    perSink(drain), result.loadRows(), result.loadSeconds(), drain.dead(), mails);
            for (SinkDrain.Sink s : drain.sinks()) {
                out.printf(Locale.ROOT, "[%s]   %-12s done %,9d  pending %,d  dead %,d%n", name, s.name(), s.done(),
                        s.pending(), s.dead());
            }
            long batches = result.exactlyOnce().matched();
            for (SinkDrain.Sink s : drain.sinks()) {
                if (drain.drained() && !s.name().equals("alert-mail") && s.done() != batches) {
                    out.printf("[%s] WARNING: %s delivered %,d batches of %,d stored%n", name, s.name(), s.done(), batches);
                }
            }
            printLog(name, hub);
            return new Side(name, result, drain, mails);
        } finally {
            hub.close();
        }
    }

    /**
     * The alert latency on a hub of its own (all sinks on, an empty database): nothing else to deliver, whether or
     * not the loaded hub's outbox ever drained. Each timed alert is an incident of its own (rule, extension, number,
     * device), so the hold-off would not apply; it is 0 there all the same, so that no key choice can hold one off.
     */
    private AlertLatencyRun.Result alerts(BenchDatabase db, Path runDir, SmtpReceipts smtp) throws Exception {
        out.println();
        out.println("== alerts: all sinks on, no other load");
        String token = IngestBench.adminToken();
        try (HubProcess hub = HubProcess.start(hubClasspath, home, runDir.resolve("hub-alerts"), token, db,
                hubOptions(List.copyOf(SINKS.keySet()), smtp.port(), List.of("-Dalerts.holdOff.minutes=0")))) {
            out.println("[alerts] hub ready at " + hub.url() + " (log " + hub.log() + ")");
            AlertLatencyRun.Result latency = AlertLatencyRun.run(new HubClient(hub.url(), hub.pins()), token, smtp,
                    alerts, alertRate, out);
            out.printf(Locale.ROOT, "[alerts] stored → mail received: p50 %.0f ms, p99 %.0f ms; %d of %d mails,"
                            + " %d pushes failed, pushing took %.1f s%n", latency.p50Ms(), latency.p99Ms(),
                    latency.mailed(), latency.pushed(), latency.failedPushes(), latency.seconds());
            out.println("[alerts] floor: " + floor());
            printLog("alerts", hub);
            return latency;
        }
    }

    /** The hub's settings: the integrations of {@code on} on, the others off, mail to the in-process server, {@code extra}. */
    private static List<String> hubOptions(List<String> on, int smtpPort, List<String> extra) {
        List<String> o = new ArrayList<>();
        SINKS.forEach((sink, integration) -> o.add("-Dintegrations." + integration + ".enabled=" + on.contains(sink)));
        o.add("-Dintegrations.alertSms.enabled=false");
        o.add("-Dalerts.mail.host=127.0.0.1");
        o.add("-Dalerts.mail.port=" + smtpPort);
        o.add("-Dalerts.mail.from=hub@bench.invalid");
        o.add("-Dalerts.mail.to=" + MAIL_TO);
        o.addAll(extra);
        return o;
    }

    private static String floor() {
        return String.format(Locale.ROOT, "%d outbox hops (alert-rules, then alert-mail), each polling every %d ms"
                        + " when idle (the delay option of outbox:): 0–%,d ms of waiting, %d ms expected, before any"
                        + " work", AlertLatencyRun.HOPS, AlertLatencyRun.POLL_DELAY_MS,
                AlertLatencyRun.HOPS * AlertLatencyRun.POLL_DELAY_MS,
                AlertLatencyRun.HOPS * AlertLatencyRun.POLL_DELAY_MS / 2);
    }

    private static String perSink(SinkDrain.Result drain) {
        StringBuilder sb = new StringBuilder();
        drain.perSinkSeconds().forEach((sink, s) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f s", sink, s)));
        return sb.toString();
    }

    private void printLog(String name, HubProcess hub) throws IOException {
        List<String> problems = hub.logProblems(LOG_LINES_SHOWN);
        out.println("[" + name + "] hub log: " + (problems.isEmpty() ? "no WARN/ERROR lines"
                : "WARN/ERROR lines (up to " + LOG_LINES_SHOWN + "):\n  " + String.join("\n  ", problems)));
    }

    /** The figures as Markdown tables for docs/BENCHMARKS.md, with the machine and the parameters. */
    private String markdown(String kind, Side none, Side all, AlertLatencyRun.Result a) {
        StringBuilder sb = new StringBuilder();
        sb.append("Machine: ").append(BenchReport.machine()).append("  \n");
        sb.append(String.format(Locale.ROOT, "Parameters: %s, %d devices pushing %d-line batches back-to-back over"
                        + " HTTPS, %d s measured after %d s warm-up, each hub on an empty database %s; sinks on: %s;"
                        + " then %d alerts at %d/s on a third hub, every sink on, idle. CPU in %% of one core.%n%n",
                kind, load.devices(), load.lines(), load.seconds(), load.warmupSeconds(),
                kind.equals(BenchOptions.H2) ? "(H2 files side by side)" : "of the same server",
                String.join(", ", sinksOn), alerts, alertRate));
        sb.append("| measure | no integration | sinks on | sinks / none |\n|---|---:|---:|---:|\n");
        row(sb, "ingest rows/s", "%,.0f", none.rowsPerSecond(), all.rowsPerSecond());
        row(sb, "ingest batches/s", "%,.1f", none.hub().throughput().batchesPerSecond(),
                all.hub().throughput().batchesPerSecond());
        row(sb, "push p50 ms", "%.1f", none.hub().p50Ms(), all.hub().p50Ms());
        row(sb, "push p99 ms", "%.1f", none.hub().p99Ms(), all.hub().p99Ms());
        row(sb, "hub CPU", "%.0f %%", none.hub().hubCpuPercent(), all.hub().hubCpuPercent());
        sb.append(String.format(Locale.ROOT, "| rows stored (warm-up included) | %,d | %,d | |%n", none.hub().loadRows(),
                all.hub().loadRows()));
        SinkDrain.Result d = all.drain();
        if (d.drained()) {
            sb.append(String.format(Locale.ROOT, "| outbox empty after the load (drain) | | %.1f s | |%n", d.seconds()));
            sb.append(String.format(Locale.ROOT, "| delivered rows/s, stored / (load + drain) | | %,.0f | %.2f of"
                    + " its ingest |%n", all.deliveredRowsPerSecond(),
                    all.deliveredRowsPerSecond() / all.rowsPerSecond()));
        } else {
            long rows = d.sinks().stream().filter(s -> !s.name().equals("alert-mail")).mapToLong(SinkDrain.Sink::done)
                    .min().orElse(0) * load.lines();
            sb.append(String.format(Locale.ROOT, "| outbox empty after the load (drain) | | not within %d s | |%n",
                    drainTimeout));
            sb.append(String.format(Locale.ROOT, "| rows through the slowest sink by then, per s of load + %d s | | %,.0f |"
                    + " %.2f of its ingest |%n", drainTimeout, rows / (all.hub().loadSeconds() + drainTimeout),
                    rows / (all.hub().loadSeconds() + drainTimeout) / all.rowsPerSecond()));
        }
        sb.append(String.format(Locale.ROOT, "| alert mails the load caused | | %,d | |%n%n", all.mails()));
        double expected = AlertLatencyRun.HOPS * AlertLatencyRun.POLL_DELAY_MS / 2.0;
        double longest = AlertLatencyRun.HOPS * AlertLatencyRun.POLL_DELAY_MS;
        sb.append("| alert: batch stored (201) → mail received | measured | outbox poll wait alone | measured / poll"
                + " wait |\n|---|---:|---:|---:|\n");
        sb.append(String.format(Locale.ROOT, "| p50 | %.0f ms | %.0f ms (expected) | %.2f |%n", a.p50Ms(), expected,
                a.p50Ms() / expected));
        sb.append(String.format(Locale.ROOT, "| p99 | %.0f ms | %,.0f ms (longest) | %.2f |%n", a.p99Ms(), longest,
                a.p99Ms() / longest));
        sb.append(String.format(Locale.ROOT, "| mails received / alerts pushed | %d / %d | | |%n", a.mailed(),
                a.pushed()));
        return sb.toString();
    }

    private static Map<String, String> sinks() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cdr-table", "cdrTable");
        m.put("files", "files");
        m.put("alert-rules", "alerts");
        m.put("alert-mail", "alertMail");
        return m;
    }

    private static void row(StringBuilder sb, String what, String format, double none, double all) {
        sb.append(String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %.2f |%n", what, none, all,
                all / none));
    }
}
