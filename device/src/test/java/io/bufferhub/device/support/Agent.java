package io.bufferhub.device.support;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.bufferhub.device.DeviceMain;
import org.apache.camel.main.Main;

/**
 * A real device agent for tests: in-process (camel-main with routes/device) or as a child JVM that can be
 * killed with SIGKILL. Its settings are written to a properties file like an operator's.
 */
public final class Agent implements AutoCloseable {

    private final Path config;
    private Main main;
    private Process process;

    private Agent(Path config) {
        this.config = config;
    }

    public static Path home() {
        return Path.of(System.getProperty("bufferhub.home", "..")).toAbsolutePath().normalize();
    }

    /** Writes {@code settings} as the agent's configuration file in {@code dir}. */
    public static Agent configure(Path dir, Map<String, String> settings) throws IOException {
        Properties p = new Properties();
        p.putAll(settings);
        Path file = dir.resolve("device.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "test agent");
        }
        return new Agent(file);
    }

    public Agent startInProcess() throws Exception {
        main = DeviceMain.create(home(), config, new Properties());
        main.start();
        return this;
    }

    /** The in-process agent's Camel context (to look at its beans), or null for a child process. */
    public org.apache.camel.CamelContext camel() {
        return main == null ? null : main.getCamelContext();
    }

    public Agent startProcess(Path log) throws IOException {
        return startJvm(log, "io.bufferhub.device.DeviceMain");
    }

    /** As {@code bin/bufferhub device} runs it: the supervisor, which runs the agent in a child JVM. */
    public Agent startSupervised(Path log) throws IOException {
        return startJvm(log, "io.bufferhub.device.DeviceSupervisor");
    }

    private Agent startJvm(Path log, String mainClass) throws IOException {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dbufferhub.home=" + home(),
                "-Dlog4j2.configurationFile=" + home().resolve("config/log4j2.xml"),
                mainClass, "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    public Path configFile() {
        return config;
    }

    /** SIGKILL: no shutdown hook, no flush — a power cut as far as the JVM can tell. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    @Override
    public void close() throws Exception {
        if (main != null) {
            main.stop();
            main = null;
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
