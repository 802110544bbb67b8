package io.bufferhub.sim.agents;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.device.agent.AgentRoutes;
import io.bufferhub.device.agent.AgentSettings;
import io.bufferhub.sim.CliArgs;
import io.bufferhub.sim.pbx.PbxEmulator;
import io.bufferhub.sim.pbx.PbxFormat;
import io.bufferhub.sim.pbx.PbxOutput;
import io.bufferhub.sim.push.HubClient;
import org.apache.camel.main.Main;

/**
 * {@code agents}: real device agents (the YAML routes of routes/device, durable spools, pushes) reading serial
 * ptys that emulated PBXs print into — the whole device side, several agents in one JVM. Needs socat.
 */
public final class AgentFleetCommand {

    public static final String USAGE = """
              agents --hub URL --admin-token T [--fingerprint HEX] [--devices N] [--rate LINES_PER_S]
                     [--prefix P] [--seconds S]
                real agents on socat ptys fed by PBX emulators (Avaya, Mitel, Panasonic in turn)""";

    private static final Set<String> NAMES = Set.of("hub", "admin-token", "fingerprint", "devices", "rate", "prefix",
            "seconds");

    private AgentFleetCommand() {
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, NAMES);
        String hub = a.required("hub");
        String token = a.required("admin-token");
        String pin = a.string("fingerprint", "");
        int devices = a.intValue("devices", 3, 1, 50);
        double rate = a.intValue("rate", 2, 1, 500);
        String prefix = a.string("prefix", "AGENT");
        long seconds = a.longValue("seconds", 0, 0, 86_400);
        Path home = Path.of(System.getProperty("bufferhub.home", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("bufferhub-agents-");
        HubClient admin = new HubClient(hub, pin.isEmpty() ? Set.of() : Set.of(pin));

        Main camel = new Main();
        camel.configure().withRoutesIncludePattern("file:" + home.resolve("routes/device") + "/*.camel.yaml");
        camel.start();
        List<Ptys> cables = new ArrayList<>();
        List<PbxEmulator> pbxs = new ArrayList<>();
        List<String> serials = new ArrayList<>();
        try {
            for (int i = 1; i <= devices; i++) {
                String serial = String.format("%s-%04d", prefix, i);
                String secret = "demo-secret-" + i;
                PbxFormat format = PbxFormat.values()[(i - 1) % PbxFormat.values().length];
                // one group per PBX dialect: the hub picks the parser by group (cdr.parser.group.<group>)
                admin.putDevice(token, serial, "Demo PBX buffer " + i, secret, "demo-" + format.name().toLowerCase(Locale.ROOT));
                Ptys cable = Ptys.start(work.resolve(serial));
                cables.add(cable);
                Map<String, String> p = new HashMap<>();
                p.put("device.serial", serial);
                p.put("device.secret", secret);
                p.put("device.mainUrl", hub + "/bpp/v1");
                p.put("device.pins", pin);
                p.put("capture.main.port", cable.agentEnd().toString());
                p.put("capture.main.baud", "9600");
                p.put("spool.dir", work.resolve(serial).resolve("spool").toString());
                p.put("batch.maxLines", "20");
                p.put("batch.maxAgeMs", "2000");
                AgentRoutes.add(camel.getCamelContext(), "agent-" + i, AgentSettings.from(p::get, p.keySet()));
                PbxEmulator pbx = new PbxEmulator(format, i, PbxOutput.serial(cable.pbxEnd()));
                pbx.start(rate);
                pbxs.add(pbx);
                serials.add(serial);
                out.printf("agent %s reads %s (%s PBX printing %.1f lines/s)%n", serial, cable.agentEnd(), format, rate);
            }
            long end = seconds == 0 ? Long.MAX_VALUE : System.currentTimeMillis() + seconds * 1000;
            String update = null;
            for (int tick = 0; System.currentTimeMillis() < end; tick++) {
                Thread.sleep(Math.min(2000, Math.max(1, end - System.currentTimeMillis())));
                long printed = pbxs.stream().mapToLong(PbxEmulator::linesWritten).sum();
                JsonNode first = Json.MAPPER.readTree(admin.admin(token, "GET", "/admin/devices/" + serials.get(0), null).body());
                long[] parsed = parsedLines(admin, token, serials);
                out.printf("PBX lines printed %,d   stored %,d   parsed %,d (unparsed %,d)   %s heartbeat %s s, ping %s%n",
                        printed, storedLines(admin, token, serials), parsed[0], parsed[1], serials.get(0),
                        first.path("heartbeat").path("last").asText("-"), first.path("pinging").asBoolean() ? "held" : "not held");
                if (tick == 2) { // show a central update travelling through the held ping
                    update = Json.MAPPER.readTree(admin.admin(token, "POST", "/admin/updates", "{\"target\":{\"serial\":\""
                            + serials.get(0) + "\"},\"kind\":\"diagnostics\",\"version\":\"demo\"}").body()).path("id").asText();
                    out.printf("published a diagnostics request %s to %s%n", update, serials.get(0));
                } else if (update != null) {
                    JsonNode state = Json.MAPPER.readTree(admin.admin(token, "GET", "/admin/updates/" + update, null).body())
                            .path("devices").path(0);
                    out.printf("update %s on %s: %s %s%n", update, serials.get(0), state.path("state").asText(),
                            state.path("detail").asText(""));
                    if (!state.path("state").asText().equals("pending")) {
                        update = null;
                    }
                }
            }
        } finally {
            for (PbxEmulator pbx : pbxs) {
                pbx.close();
            }
            camel.stop();
            cables.forEach(Ptys::close);
        }
        return 0;
    }

    private static long storedLines(HubClient admin, String token, List<String> serials) throws Exception {
        long total = 0;
        for (String serial : serials) {
            JsonNode batches = Json.MAPPER.readTree(admin.admin(token, "GET", "/admin/batches?serial=" + serial, null).body())
                    .path("batches");
            for (JsonNode b : batches) {
                total += b.path("records").asLong();
            }
        }
        return total;
    }

    /** {parsed, unparsed} lines in the hub's cdr table over the fleet (what the cdr-table integration made of them). */
    private static long[] parsedLines(HubClient admin, String token, List<String> serials) throws Exception {
        long[] total = new long[2];
        for (String serial : serials) {
            JsonNode cdr = Json.MAPPER.readTree(admin.admin(token, "GET", "/admin/cdr?serial=" + serial + "&limit=1", null).body());
            total[0] += cdr.path("parsed").asLong();
            total[1] += cdr.path("unparsed").asLong();
        }
        return total;
    }
}
