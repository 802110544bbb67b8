package io.bufferhub.sim.agents;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A device agent as deployed: its own JVM ({@code io.bufferhub.device.DeviceMain}) with the small-footprint
 * flags of {@code bin/bufferhub device}, reading one pty, its settings in a properties file.
 */
public final class AgentProcess {

    /** The JVM flags a small CDR buffer box runs with (bin/bufferhub device uses the same by default). */
    static final List<String> SMALL_FOOTPRINT = List.of("-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:MaxMetaspaceSize=64m", "-XX:-UsePerfData",
            "-XX:MaxDirectMemorySize=16m", "-XX:ReservedCodeCacheSize=16m");

    private AgentProcess() {
    }

    /** Writes the settings of an agent reading {@code tty} at 115200 baud, spooling into {@code dir/spool}. */
    public static Path writeConfig(Path dir, String serial, String secret, String mainUrl, String pins, Path tty,
                                   int maxLines, long maxAgeMs) throws IOException {
        Properties p = new Properties();
        p.setProperty("device.serial", serial);
        p.setProperty("device.secret", secret);
        p.setProperty("device.mainUrl", mainUrl);
        p.setProperty("device.pins", pins);
        p.setProperty("capture.main.port", tty.toString());
        p.setProperty("capture.main.baud", "115200");
        p.setProperty("spool.dir", dir.resolve("spool").toString());
        p.setProperty("batch.maxLines", Integer.toString(maxLines));
        p.setProperty("batch.maxAgeMs", Long.toString(maxAgeMs));
        Path config = dir.resolve("device.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "agent " + serial);
        }
        return config;
    }

    /** Starts the agent; its output is appended to {@code log}. */
    public static Process start(String classpath, Path home, Path config, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SMALL_FOOTPRINT);
        cmd.addAll(List.of("-cp", classpath, "-Dbufferhub.home=" + home,
                "-Dlog4j2.configurationFile=" + home.resolve("config/log4j2.xml"),
                "io.bufferhub.device.DeviceMain", "--config", config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
