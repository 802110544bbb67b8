package io.bufferhub.device.agent;

import java.util.Properties;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one device agent from the {@code device.*}, {@code capture.*}, {@code spool.*} and {@code batch.*}
 * properties (config/device.properties): the templates in routes/device become that agent's routes once the
 * YAML is loaded. Loadable by camel-main and Camel CLI ({@code camel.main.configurationClasses}).
 */
public class AgentSetup implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AgentSetup.class);

    @Override
    public void configure(CamelContext camel) throws Exception {
        Properties all = camel.getPropertiesComponent().loadProperties();
        AgentSettings settings = AgentSettings.from(key -> camel.getPropertiesComponent().resolveProperty(key).orElse(null),
                all.stringPropertyNames());
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // templates are loaded with the routes; the agent's routes are added once they are (below)
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                AgentRoutes.add(context, "agent", settings);
                LOG.info("Device agent {} started: {} channel(s) {} → {} (spool {})", settings.serial(),
                        settings.captures().size(), settings.captures().keySet(), settings.mainUrl(), settings.spoolDir());
            }
        });
    }
}
