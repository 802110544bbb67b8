package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.sim.push.HubClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Device-health alerts end to end (real hub, real SMTP server): a batch reporting a nearly full buffer, lost
 * bytes and a seq gap raises buffer-high, bytes-lost and batch-gap; the health timer raises device-offline and
 * channel-quiet (thresholds set to zero minutes here); each incident mails once within its hold-off.
 */
class HealthAlertsIT extends HubTestBase {

    private final int smtpPort = freePort();
    private GreenMail mail;

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("integrations.alertMail.enabled", "true");
        s.put("alerts.mail.host", "127.0.0.1");
        s.put("alerts.mail.port", Integer.toString(smtpPort));
        s.put("alerts.mail.to", "noc@example.com");
        s.put("alerts.offline.minutes", "0");
        s.put("alerts.quiet.minutes", "0");
        s.put("alerts.health.periodMs", "500");
        s.put("bufferhub.ping.minHeartbeat", "1");
        return s;
    }

    @BeforeAll
    void startMail() {
        mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    @AfterAll
    void stopMail() {
        mail.stop();
    }

    @Test
    void bufferLostBytesGapOfflineAndQuietEachAlertOnce() throws Exception {
        String serial = newDevice();
        byte[] body = "a line that is not a call record\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, client.push(serial, SECRET, 1, body).status());
        assertEquals(201, client.push(serial, SECRET, 3, body, Map.of("X-Buffer-Used", "85", "X-Lost-Bytes", "120"))
                .status());
        Thread.sleep(5);
        // the box is alive (it pings) while its channel stays silent: channel-quiet
        assertEquals(200, client.send("POST", "/bpp/v1/devices/" + serial + "/ping", HubClient.basic(serial, SECRET),
                Map.of("Content-Type", "application/json"), "{\"heartbeat\": 1}".getBytes(StandardCharsets.UTF_8)).status());
        Set<String> expected = Set.of("buffer-high", "bytes-lost", "batch-gap", "device-offline", "channel-quiet");
        long deadline = System.currentTimeMillis() + 30_000;
        Set<String> rules = new HashSet<>();
        while (!rules.containsAll(expected) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            rules.clear();
            for (MimeMessage m : mail.getReceivedMessages()) {
                String subject = m.getSubject();
                expected.stream().filter(r -> subject.contains("] " + r + ":")).forEach(rules::add);
            }
        }
        assertEquals(expected, rules, "one mail per health rule");
        Thread.sleep(1500); // several more health checks: the hold-off keeps each incident to one mail
        int perRule = 0;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getSubject().contains("] device-offline:")) {
                perRule++;
            }
        }
        assertEquals(1, perRule, "device-offline mailed once within its hold-off");
        assertTrue(hub.count("SELECT COUNT(*) FROM alert_incident WHERE incident_key LIKE ? AND repeats >= 1",
                "device-offline|" + serial) == 1, "the repeats were counted");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
