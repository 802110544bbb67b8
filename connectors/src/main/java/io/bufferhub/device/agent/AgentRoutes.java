package io.bufferhub.device.agent;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

/**
 * Turns one agent's settings into running routes from the YAML templates in {@code routes/device}: one capture
 * route per channel and one push route. Several agents can share one CamelContext (the simulator does), each
 * with its own spool, pusher and route ids prefixed by its agent id.
 */
public final class AgentRoutes {

    private AgentRoutes() {
    }

    /** Adds (and, in a started context, starts) the routes of one agent; returns the push step bean. */
    public static PushStep add(CamelContext camel, String agent, AgentSettings s) throws Exception {
        PushStep pusher = new PushStep(s);
        String pusherBean = "pusher-" + agent;
        camel.getRegistry().bind(pusherBean, pusher);
        for (AgentSettings.Capture c : s.captures().values()) {
            TemplatedRouteBuilder b;
            if (c.serialPort() != null) {
                b = TemplatedRouteBuilder.builder(camel, "serial-capture")
                        .parameter("port", c.serialPort()).parameter("baud", Integer.toString(c.baud()))
                        .parameter("framing", c.framing());
            } else if (c.listen()) {
                b = TemplatedRouteBuilder.builder(camel, "tcp-server-capture").parameter("port", Integer.toString(c.tcpPort()));
            } else {
                b = TemplatedRouteBuilder.builder(camel, "tcp-client-capture").parameter("host", c.tcpHost())
                        .parameter("port", Integer.toString(c.tcpPort()));
            }
            spoolParameters(b, agent, s).routeId(agent + "-capture-" + c.channel()).parameter("channel", c.channel()).add();
        }
        spoolParameters(TemplatedRouteBuilder.builder(camel, "batch-push"), agent, s)
                .routeId(agent + "-push").parameter("pusher", pusherBean).add();
        // central updates and the heartbeat share the pushes' connection (one outbound HTTPS path)
        camel.addService(new UpdateAgent(camel, agent, s, pusher.pusher().connection()), true, false);
        return pusher;
    }

    private static TemplatedRouteBuilder spoolParameters(TemplatedRouteBuilder b, String agent, AgentSettings s) {
        Map<String, Object> p = Map.of("agent", agent, "spoolDir", s.spoolDir().toAbsolutePath().toString(),
                "capacityBytes", Long.toString(s.capacityBytes()), "fullPolicy", s.fullPolicy(),
                "maxLines", Integer.toString(s.maxLines()), "maxAgeMs", Long.toString(s.maxAgeMs()));
        p.forEach(b::parameter);
        return b;
    }
}
