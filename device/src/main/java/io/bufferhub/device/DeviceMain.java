package io.bufferhub.device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

import io.bufferhub.device.agent.AgentControl;
import io.bufferhub.device.agent.AgentSetup;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one device agent with camel-main: the YAML templates in {@code routes/device}, the settings file given
 * with {@code --config FILE} (default {@code config/device.properties}) and {@link AgentSetup}. Under the
 * {@link DeviceSupervisor} ({@code -Dbufferhub.supervised=true}) a restart asked for by an update ends the JVM
 * with {@link #RESTART_EXIT_CODE} and the supervisor starts the (possibly new) agent again.
 */
public final class DeviceMain {

    /** "Start me again" (EX_TEMPFAIL): the supervisor restarts at once, without backoff. */
    public static final int RESTART_EXIT_CODE = 75;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceMain.class);

    private DeviceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of("config/device.properties");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            }
        }
        if (!Files.isRegularFile(config)) {
            System.err.println("bufferhub device: no configuration file " + config.toAbsolutePath());
            System.exit(2);
        }
        Control control = new Control(config.toAbsolutePath(), Boolean.getBoolean("bufferhub.supervised"));
        Main main = create(Path.of(System.getProperty("bufferhub.home", ".")), config, new Properties());
        main.bind(AgentControl.BEAN, control);
        control.main = main;
        main.run();
        if (control.restartRequested.get()) {
            System.exit(RESTART_EXIT_CODE);
        }
    }

    /** A configured, not yet started agent; {@code overrides} win over the file (tests use them). */
    public static Main create(Path home, Path config, Properties overrides) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + config.toAbsolutePath());
        main.configure().withRoutesIncludePattern("file:" + home.toAbsolutePath().resolve("routes/device") + "/*.camel.yaml");
        main.configure().addConfiguration(new AgentSetup());
        main.configure().setName("bufferhub-device");
        if (!overrides.isEmpty()) {
            main.setOverrideProperties(overrides);
        }
        return main;
    }

    /** Restart = stop Camel cleanly (spool closed) and exit with the restart code for the supervisor. */
    private static final class Control implements AgentControl {
        private final Path config;
        private final boolean supervised;
        private final AtomicBoolean restartRequested = new AtomicBoolean();
        private volatile Main main;

        Control(Path config, boolean supervised) {
            this.config = config;
            this.supervised = supervised;
        }

        @Override
        public Path configFile() {
            return config;
        }

        @Override
        public boolean supervised() {
            return supervised;
        }

        @Override
        public void restart(String reason) {
            if (!supervised) {
                LOG.warn("Restart for {} asked, but no supervisor runs this agent: it keeps running", reason);
                return;
            }
            if (restartRequested.compareAndSet(false, true)) {
                LOG.info("Restarting the agent for {}", reason);
                main.completed();
            }
        }
    }
}
