package io.bufferhub.sim;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import io.bufferhub.sim.bench.BenchOptions;
import io.bufferhub.sim.bench.IngestBench;

/**
 * The simulator's command line: {@code fleet} drives simulated devices against a running hub, {@code bench
 * ingest} measures the hub's ingest rate against the database's, {@code bench fanout} what the integrations cost
 * it and how fast an alert is mailed. Exit status 2 for a bad command line, 1
 * when the command failed.
 */
public final class SimMain {

    static final String USAGE = "usage: SimMain <command> [options]\n\ncommands:\n" + FleetCommand.USAGE + "\n\n"
            + io.bufferhub.sim.agents.AgentFleetCommand.USAGE + "\n\n"
            + io.bufferhub.sim.agents.ScenarioRunner.USAGE + "\n\n"
            + BenchOptions.USAGE + "\n\n" + io.bufferhub.sim.bench.AgentBench.USAGE + "\n\n"
            + io.bufferhub.sim.bench.PingBench.USAGE + "\n\n" + io.bufferhub.sim.bench.FanoutBench.USAGE + "\n\n"
            + io.bufferhub.sim.bench.NodesBench.USAGE + "\n\n"
            + io.bufferhub.sim.cluster.ClusterDemo.USAGE + "\n\n" + io.bufferhub.sim.mail.MailCatcher.USAGE + "\n";

    private SimMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty()) {
                throw new CliArgs.UsageException("no command given");
            }
            switch (args.get(0)) {
                case "fleet" -> {
                    return FleetCommand.run(args.subList(1, args.size()), out);
                }
                case "scenarios" -> {
                    return io.bufferhub.sim.agents.ScenarioRunner.run(args.subList(1, args.size()), out);
                }
                case "agents" -> {
                    return io.bufferhub.sim.agents.AgentFleetCommand.run(args.subList(1, args.size()), out);
                }
                case "bench" -> {
                    if (args.size() >= 2 && args.get(1).equals("ping")) {
                        io.bufferhub.sim.bench.PingBench.fromSystemProperties(args.subList(2, args.size()), out).run();
                        return 0;
                    }
                    if (args.size() >= 2 && args.get(1).equals("agent")) {
                        io.bufferhub.sim.bench.AgentBench.fromSystemProperties(args.subList(2, args.size()), out).run();
                        return 0;
                    }
                    if (args.size() >= 2 && args.get(1).equals("nodes")) {
                        io.bufferhub.sim.bench.NodesBench.fromSystemProperties(args.subList(2, args.size()), out).run();
                        return 0;
                    }
                    if (args.size() >= 2 && args.get(1).equals("fanout")) {
                        io.bufferhub.sim.bench.FanoutBench.fromSystemProperties(args.subList(2, args.size()), out).run();
                        return 0;
                    }
                    if (args.size() < 2 || !args.get(1).equals("ingest")) {
                        throw new CliArgs.UsageException("unknown benchmark; there are: bench ingest, bench agent,"
                                + " bench ping, bench fanout, bench nodes");
                    }
                    BenchOptions options = BenchOptions.parse(args.subList(2, args.size()));
                    IngestBench.fromSystemProperties(options, out).run();
                }
                case "cluster-demo" -> {
                    return io.bufferhub.sim.cluster.ClusterDemo.run(args.subList(1, args.size()), out);
                }
                case "mailcatcher" -> {
                    return io.bufferhub.sim.mail.MailCatcher.run(args.subList(1, args.size()), out);
                }
                case "help", "--help", "-h" -> out.print(USAGE);
                default -> throw new CliArgs.UsageException("unknown command '" + args.get(0) + "'");
            }
            return 0;
        } catch (CliArgs.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 1;
        } catch (Exception e) {
            err.println("failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
