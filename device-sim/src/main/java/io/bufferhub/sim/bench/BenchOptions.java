package io.bufferhub.sim.bench;

import java.util.List;
import java.util.Set;

import io.bufferhub.sim.CliArgs;

/**
 * The parameters of {@code bench ingest}.
 *
 * @param databases      which databases to measure, in order
 * @param devices        simulated devices pushing back-to-back
 * @param seconds        measured seconds per run (after the warm-up)
 * @param warmupSeconds  seconds of load before measuring (JIT, connection pools, authentication cache)
 * @param lines          SMDR lines per batch
 * @param writers        threads of the plain JDBC loop that measures the database's limit
 */
public record BenchOptions(List<String> databases, int devices, int seconds, int warmupSeconds, int lines,
                           int writers) {

    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    static final Set<String> NAMES = Set.of("db", "devices", "seconds", "warmup", "lines", "writers");

    public static final String USAGE = """
              bench ingest [--db h2|postgresql|both] [--devices N] [--seconds T] [--lines L] [--writers W] [--warmup S]
                  N devices push L-line batches back-to-back over HTTPS to a hub started as a child JVM, for T
                  seconds after S seconds of warm-up, on each database; then a plain JDBC loop with W writer
                  threads measures what the same database takes with the same transaction per batch.
                  Defaults: --db both --devices 32 --seconds 20 --lines 200 --writers min(N,4) --warmup 3.
                  Needs -Dbufferhub.home=<repo root> and -Dbufferhub.hub.classpath=<hub classpath>.""";

    public static BenchOptions parse(List<String> args) {
        CliArgs a = new CliArgs(args, NAMES);
        String db = a.choice("db", "both", Set.of(H2, POSTGRESQL, "both"));
        int devices = a.intValue("devices", 32, 1, 10_000);
        return new BenchOptions(db.equals("both") ? List.of(H2, POSTGRESQL) : List.of(db), devices,
                a.intValue("seconds", 20, 1, 86_400), a.intValue("warmup", 3, 0, 600),
                a.intValue("lines", 200, 1, 100_000), a.intValue("writers", Math.min(devices, 4), 1, 256));
    }

    public String describe() {
        return "databases " + String.join(", ", databases) + "; " + devices + " devices; " + lines
                + " lines/batch; " + warmupSeconds + " s warm-up + " + seconds + " s measured; " + writers
                + " JDBC writers for the limit";
    }
}
