package io.bufferhub.hub.routes;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.bufferhub.hub.support.TestHub;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Build-time check of every {@code routes/**}{@code /*.camel.yaml}: Camel's own YAML DSL loader must accept it,
 * and the house rules hold (every route has id, description and the shared error handling; endpoint options go in
 * {@code parameters}, not in the URI).
 */
class RoutesYamlTest {

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(TestHub.home().resolve("routes"))) {
            return files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @Test
    void camelLoadsEveryRoutesFile() throws Exception {
        List<Path> files = routeFiles();
        assertFalse(files.isEmpty());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            // integrations declare beans from {{placeholders}}: resolve them as the hub does
            camel.getPropertiesComponent().setLocation("file:" + TestHub.home().resolve("config/hub.properties"));
            for (Path f : files) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + f));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteHasIdDescriptionErrorHandlingAndCanonicalUris() throws Exception {
        for (Path f : routeFiles()) {
            Iterable<Object> docs = new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(f));
            for (Object doc : docs) {
                for (Object item : (List<Object>) doc) {
                    Map<String, Object> entry = (Map<String, Object>) item;
                    Map<String, Object> route = (Map<String, Object>) entry.get("route");
                    Map<String, Object> template = (Map<String, Object>) entry.get("routeTemplate");
                    if (template != null) {
                        String where = f.getFileName() + " template " + template.get("id");
                        assertNotNull(template.get("id"), where + ": id");
                        assertNotNull(template.get("description"), where + ": description");
                        route = (Map<String, Object>) template.get("route");
                        route.putIfAbsent("id", template.get("id") + " (instances)");
                    }
                    if (route == null) {
                        continue;
                    }
                    String where = f.getFileName() + " route " + route.get("id");
                    assertNotNull(route.get("id"), where + ": id");
                    assertNotNull(route.get("description"), where + ": description");
                    assertNotNull(route.get("routeConfigurationId"), where + ": routeConfigurationId");
                    String uri = (String) ((Map<String, Object>) route.get("from")).get("uri");
                    assertFalse(uri.contains("?"), where + ": options belong in parameters, not in " + uri);
                    assertTrue(Files.readString(f).contains(uri));
                }
            }
        }
    }

    /** Kamelets are named {@code <system>-sink.kamelet.yaml} after their metadata name, and say what they need. */
    @Test
    @SuppressWarnings("unchecked")
    void kameletsAreNamedAfterThemselvesAndDescribeTheirProperties() throws Exception {
        try (Stream<Path> files = Files.list(TestHub.home().resolve("routes/kamelets"))) {
            List<Path> kamelets = files.filter(p -> p.toString().endsWith(".kamelet.yaml")).toList();
            assertFalse(kamelets.isEmpty());
            for (Path f : kamelets) {
                Map<String, Object> k = (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(Files.readString(f));
                String name = (String) ((Map<String, Object>) k.get("metadata")).get("name");
                assertTrue(f.getFileName().toString().equals(name + ".kamelet.yaml"), f + " is named after " + name);
                assertTrue(name.endsWith("-sink") || name.endsWith("-source") || name.endsWith("-action"), name);
                Map<String, Object> spec = (Map<String, Object>) k.get("spec");
                Map<String, Object> definition = (Map<String, Object>) spec.get("definition");
                assertNotNull(definition.get("description"), name + ": description");
                Map<String, Object> props = (Map<String, Object>) definition.get("properties");
                for (Map.Entry<String, Object> p : props.entrySet()) {
                    assertNotNull(((Map<String, Object>) p.getValue()).get("title"), name + "." + p.getKey() + ": title");
                }
                assertNotNull(((Map<String, Object>) spec.get("template")).get("from"), name + ": template.from");
            }
        }
    }
}
