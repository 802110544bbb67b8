package com.example.callimport;

import java.time.ZoneId;
import java.util.Map;
import java.util.TreeMap;

import io.bufferhub.hub.alerts.AlertRules;
import io.bufferhub.hub.cdr.ParserSelection;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * A Spring Boot application with Camel that imports PBX call records into its own database. bufferhub supplies
 * the parsers ({@code cdr.parser.*}), the alert rules ({@code alerts.*}) and the jdbc-sink Kamelet; the route and
 * the table are this application's.
 */
@SpringBootApplication
public class CallImportApplication {

    public static void main(String[] args) {
        SpringApplication.run(CallImportApplication.class, args);
    }

    /** One parser per PBX channel, as the hub configures it; a bad spec stops the application at start. */
    @Bean
    ParserSelection parserSelection(ConfigurableEnvironment env) {
        return new ParserSelection(withPrefix(env, "cdr"));
    }

    /** bufferhub's per-call alert rules; keys left out take bufferhub's defaults. */
    @Bean
    AlertRules alertRules(ConfigurableEnvironment env) {
        return AlertRules.fromProperties(withPrefix(env, "alerts"));
    }

    @Bean
    CallLines callLines(ParserSelection parsers, AlertRules alerts, Environment env) {
        return new CallLines(parsers, alerts, ZoneId.of(env.getProperty("cdr.zone", "UTC")));
    }

    /**
     * The {@code prefix.*} keys of every listable property source (files, command line, system properties), named
     * exactly as written, as bufferhub's classes read them ({@code cdr.parser.channel.<channel>},
     * {@code alerts.longCall.minutes}).
     */
    private static Map<String, String> withPrefix(ConfigurableEnvironment env, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> listable) {
                for (String name : listable.getPropertyNames()) {
                    if (name.startsWith(prefix + ".")) {
                        out.putIfAbsent(name, env.getProperty(name)); // the value in force, whichever source wins
                    }
                }
            }
        }
        return out;
    }
}
