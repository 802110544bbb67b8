package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Alert rules end to end (real hub, real SMTP server): a toll-fraud burst over two batches is one alert; a batch
 * reporting a nearly full buffer, lost bytes and a seq gap raises buffer-high, bytes-lost and batch-gap; the health
 * timer raises device-offline and channel-quiet (thresholds set to zero minutes here); each incident mails once
 * within its hold-off.
 */
class AlertRulesIT extends HubTestBase {

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

    @Test
    void aBurstOfInternationalCallsFromOneExtensionIsOneTollFraudAlert() throws Exception {
        String serial = newDevice();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) { // 12 calls abroad from extension 7001 within 4 minutes, over two batches
            lines.append(FanoutContract.avaya("2026/11/21 03:0" + (i / 3) + ":" + (10 + i * 3), "9011442071234" + i,
                    "7001", "Night desk")).append("\r\n");
            if (i == 5 || i == 11) {
                assertEquals(201, client.push(serial, SECRET, i == 5 ? 1 : 2,
                        lines.toString().getBytes(StandardCharsets.US_ASCII)).status());
                lines.setLength(0);
            }
        }
        long deadline = System.currentTimeMillis() + 30_000;
        int bursts = 0;
        while (bursts == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            bursts = countMails("] toll-fraud-burst: " + serial);
        }
        Thread.sleep(1000);
        assertEquals(1, countMails("] toll-fraud-burst: " + serial), "one incident, one mail");
        assertTrue(countMails("] international-after-hours: " + serial) >= 1, "03:00 on a Saturday is after hours");
    }

    private int countMails(String subjectPart) throws Exception {
        int n = 0;
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getSubject().contains(subjectPart)) {
                n++;
            }
        }
        return n;
    }

}
