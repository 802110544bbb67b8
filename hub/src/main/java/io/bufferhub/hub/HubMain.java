package io.bufferhub.hub;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.main.Main;

/**
 * Starts the hub with camel-main: {@code config/hub.properties}, the YAML routes in {@code routes/hub/}
 * and {@link HubSetup}. {@code -Dbufferhub.home=DIR} points at the installation (default: working dir).
 */
public final class HubMain {

    private HubMain() {
    }

    public static void main(String[] args) throws Exception {
        create(home(), new Properties()).run(args);
    }

    public static Path home() {
        return Path.of(System.getProperty("bufferhub.home", ".")).toAbsolutePath().normalize();
    }

    /** A configured, not yet started hub; {@code overrides} win over every other source (tests use them). */
    public static Main create(Path home, Properties overrides) {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + home.resolve("config/hub.properties"));
        // the hub's own routes, then the integrations users add or switch on (routes/integrations)
        main.configure().withRoutesIncludePattern("file:" + home.resolve("routes/hub") + "/*.camel.yaml,file:"
                + home.resolve("routes/integrations") + "/*.camel.yaml");
        main.addInitialProperty("camel.component.kamelet.location", "file:" + home.resolve("routes/kamelets"));
        main.configure().addConfiguration(new HubSetup());
        if (!overrides.isEmpty()) {
            main.setOverrideProperties(overrides);
        }
        return main;
    }
}
