package io.bufferhub.device.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The running agent's version, from the first {@code bufferhub-agent.properties} on the class path. */
public final class AgentVersion {

    private static final String VERSION = read();

    private AgentVersion() {
    }

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = AgentVersion.class.getClassLoader().getResourceAsStream("bufferhub-agent.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
