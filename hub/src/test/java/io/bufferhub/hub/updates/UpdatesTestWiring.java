package io.bufferhub.hub.updates;

import io.bufferhub.hub.store.Database;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * Binds the update beans for the black-box tests when the hub's own wiring has not (yet) done so; once
 * HubSetup calls {@link UpdateBeans#bind} this does nothing. Loaded after HubSetup through
 * {@code camel.main.configurationClasses}, so the hub's database is already in the registry.
 */
public class UpdatesTestWiring implements CamelConfiguration {

    @Override
    public void configure(CamelContext camel) {
        if (camel.getRegistry().lookupByName("updateStore") != null) {
            return;
        }
        Database db = camel.getRegistry().lookupByNameAndType("hubDatabase", Database.class);
        if (db == null) {
            throw new IllegalStateException("hubDatabase is not bound: HubSetup must run first");
        }
        UpdateBeans.bind(camel, db, intProperty(camel, "bufferhub.ping.minHeartbeat", 60),
                intProperty(camel, "bufferhub.ping.maxHeartbeat", 3540));
    }

    private static int intProperty(CamelContext camel, String key, int fallback) {
        return camel.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty())
                .map(Integer::parseInt).orElse(fallback);
    }
}
