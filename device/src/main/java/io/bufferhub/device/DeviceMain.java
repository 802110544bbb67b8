package io.bufferhub.device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.bufferhub.device.agent.AgentSetup;
import org.apache.camel.main.Main;

/**
 * Starts one device agent with camel-main: the YAML templates in {@code routes/device}, the settings file given
 * with {@code --config FILE} (default {@code config/device.properties}) and {@link AgentSetup}.
 */
public final class DeviceMain {

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
        create(Path.of(System.getProperty("bufferhub.home", ".")), config, new Properties()).run();
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
}
