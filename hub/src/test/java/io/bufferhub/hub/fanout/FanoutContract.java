package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.bufferhub.hub.outbox.OutboxEndpoint;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.SmppTestServer;
import io.bufferhub.sim.push.HubClient.Answer;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 5 end to end on a real hub with a real SMTP server (GreenMail) and a real SMPP server: stored batches
 * are parsed into the cdr table, written to daily files, and alerts reach mail and SMS exactly once — also when
 * the mail server is down for a while, and when a sink keeps failing (dead letter, the others unaffected).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FanoutContract extends HubTestBase {

    private static final String OPS = "ops@example.com";
    private static final String PHONE = "+15550001";
    private static final int MAIL_CONSUMERS = 4;

    // bound when the test instance is made, before the hub starts: the hub's own outgoing connections (database
    // pool) take ephemeral ports and could otherwise grab a port picked here before its server binds it
    private final int smtpPort = freePort();
    private GreenMail mail = startMail();
    private SmppTestServer smsc = SmppTestServer.start(0);
    private final int smppPort = smsc.port();

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("integrations.alertMail.enabled", "true");
        s.put("integrations.alertMail.backoffMs", "200");
        s.put("alerts.mail.host", "127.0.0.1");
        s.put("alerts.mail.port", Integer.toString(smtpPort));
        s.put("alerts.mail.from", "hub@example.com");
        s.put("alerts.mail.to", OPS);
        s.put("integrations.alertMail.consumers", Integer.toString(MAIL_CONSUMERS));
        s.put("integrations.alertSms.enabled", "true");
        s.put("integrations.alertSms.backoffMs", "200");
        s.put("integrations.alertSms.maxAttempts", "3");
        s.put("alerts.sms.host", "127.0.0.1");
        s.put("alerts.sms.port", Integer.toString(smppPort));
        s.put("alerts.sms.password", "secret8");
        s.put("alerts.sms.to", PHONE);
        return s;
    }

    @AfterAll
    void stopServers() {
        mail.stop();
        smsc.close();
    }

    private GreenMail startMail() {
        GreenMail g = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        g.start();
        return g;
    }

    static String avaya(String start, String dialled, String extension, String name) {
        return start + ",00:01:10,3," + extension + ",O," + dialled + "," + dialled + ",,0,1000" + extension + ",0,E"
                + extension + "," + name + ",T9001,Line 1,0,0";
    }

    private static String today(String time) {
        return LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + " " + time;
    }

    @Test
    void recordsAreParsedFiledAndAlertedExactlyOnce() throws Exception {
        String serial = newDevice();
        int mailsBefore = mail.getReceivedMessages().length;
        int smsBefore = smsc.received().size();
        List<String> lines = List.of(avaya(today("10:27:44"), "4207", "4688", "Joe Bloggs"),
                avaya(today("10:29:01"), "9911", "201", "Reception"), "*** PBX restarted, SMDR buffer cleared ***");
        byte[] body = (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, client.push(serial, SECRET, 1, body).status());

        await("cdr rows", () -> count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial) == 3);
        assertEquals(1, count("SELECT COUNT(*) FROM cdr WHERE serial = ? AND parse_error IS NOT NULL", serial),
                "the line that does not parse is kept and flagged");
        assertEquals(1, count("SELECT COUNT(*) FROM cdr WHERE serial = ? AND dialled = '9911' AND extension = '201'"
                + " AND duration_s = 70", serial));
        Path file = hub.dataDir().resolve("files").resolve(serial).resolve(serial + "-" + LocalDate.now(ZoneOffset.UTC) + ".txt");
        await("daily file", () -> Files.exists(file));
        assertArrayEquals(body, Files.readAllBytes(file), "the raw lines, once");

        MimeMessage first = awaitMails(mailsBefore + 1).get(mailsBefore);
        assertTrue(first.getSubject().contains("emergency"), first.getSubject());
        assertTrue(first.getSubject().contains("9911"), first.getSubject());
        assertEquals(OPS, first.getAllRecipients()[0].toString());
        List<SmppTestServer.Sms> texts = smsc.awaitMessages(smsBefore + 1, Duration.ofSeconds(20));
        assertEquals(smsBefore + 1, texts.size());
        assertEquals(PHONE, texts.get(smsBefore).destination());
        assertTrue(texts.get(smsBefore).text().contains("9911"), texts.get(smsBefore).text());

        // the same batch again (a retried push) and a repeat of the incident within the hold-off: nothing new
        assertEquals(200, client.push(serial, SECRET, 1, body).status());
        byte[] again = (avaya(today("10:35:00"), "9911", "201", "Reception") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, client.push(serial, SECRET, 2, again).status());
        await("second batch filed", () -> count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial) == 4);
        await("second batch evaluated", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-rules'"
                + " AND state = 'done'", serial) == 2);
        Thread.sleep(1000);
        assertEquals(mailsBefore + 1, mail.getReceivedMessages().length, "one incident, one mail");
        assertEquals(smsBefore + 1, smsc.received().size(), "one incident, one SMS");
        assertEquals(1, count("SELECT COUNT(*) FROM alert_incident WHERE incident_key LIKE ? AND repeats = 1",
                "emergency%" + serial));
        byte[] both = new byte[body.length + again.length];
        System.arraycopy(body, 0, both, 0, body.length);
        System.arraycopy(again, 0, both, body.length, again.length);
        assertArrayEquals(both, Files.readAllBytes(file), "each batch once, in order");

        Answer sinks = admin("GET", "/admin/sinks", null);
        assertEquals(200, sinks.status(), sinks.body());
        assertTrue(sinks.body().contains("\"cdr-table\"") && sinks.body().contains("\"alert-mail\""), sinks.body());
        JsonNode cdr = json(admin("GET", "/admin/cdr?serial=" + serial, null));
        assertEquals(3, cdr.get("parsed").asInt(), cdr.toString());
        assertEquals(1, cdr.get("unparsed").asInt());
        assertEquals("9911", cdr.get("records").get(0).get("dialled").asText());
        JsonNode reparsed = json(admin("POST", "/admin/reparse", "{\"serial\":\"" + serial + "\"}"));
        assertEquals(2, reparsed.get("batches").asInt(), reparsed.toString());
        assertEquals(4, reparsed.get("lines").asInt());
        assertEquals(4, count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial), "re-parse replaces, never adds");
    }

    @Test
    void badOperatorRequestsGetProblemAnswers() throws Exception {
        assertProblem(admin("GET", "/admin/cdr", null), 400, "serial");
        assertProblem(admin("GET", "/admin/cdr?serial=X&limit=lots", null), 400, "limit");
        assertProblem(admin("GET", "/admin/deadletters?sink=../x", null), 400, "sink");
        assertProblem(admin("POST", "/admin/deadletters/abc/retry", ""), 400, "id");
        assertProblem(admin("POST", "/admin/deadletters/999999/retry", ""), 404, "id");
        assertProblem(admin("POST", "/admin/reparse", "{\"serial\":\"../etc\"}"), 400, "serial");
        assertProblem(admin("POST", "/admin/reparse", "{\"serial\":\"X\",\"from\":\"yesterday\"}"), 400, "from");
        assertProblem(admin("POST", "/admin/reparse", "{not json"), 400, "");
    }

    @Test
    void alertsRaisedWhileTheMailServerIsDownAreDeliveredOnceItIsBack() throws Exception {
        String serial = newDevice();
        mail.stop(); // a new server (nothing received yet) comes back below
        for (int i = 1; i <= 3; i++) {
            byte[] b = (avaya(today("11:0" + i + ":00"), "9-911", "30" + i, "Desk " + i) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            assertEquals(201, client.push(serial, SECRET, i, b).status());
        }
        await("failed attempts recorded", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-mail'"
                + " AND attempts >= 2 AND state = 'pending'", serial) == 3);
        mail = startMail();
        List<MimeMessage> got = awaitMails(3);
        Thread.sleep(1500);
        assertEquals(3, mail.getReceivedMessages().length, "each alert exactly once");
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : got) {
            ids.add(m.getMessageID());
        }
        assertEquals(3, ids.size(), "three distinct alerts");
    }

    @Test
    void headerLikeTextInRecordsNeverBecomesAMailHeader() throws Exception {
        String serial = newDevice();
        int before = mail.getReceivedMessages().length;
        String evil = avaya(today("12:00:00"), "911", "777\u2028Bcc: evil@evil.test\u0085X-Injected: yes",
                "Name\rBcc: evil2@evil.test");
        byte[] body = (evil + "\r\n").getBytes(StandardCharsets.UTF_8);
        Answer a = client.push(serial, SECRET, 1, body, Map.of("Content-Type", "text/plain; charset=UTF-8"));
        assertEquals(201, a.status(), a.body());
        List<MimeMessage> mails = awaitMails(before + 1);
        MimeMessage m = mails.get(mails.size() - 1);
        assertNull(m.getRecipients(Message.RecipientType.BCC));
        assertNull(m.getHeader("X-Injected"));
        assertEquals(1, m.getAllRecipients().length);
        assertEquals(OPS, m.getAllRecipients()[0].toString());
        assertFalse(m.getSubject().contains("\n") || m.getSubject().contains("\r") || m.getSubject().contains("\u2028"));
        assertEquals(0, mail.getReceivedMessagesForDomain("evil.test").length);
    }

    @Test
    void aSinkThatKeepsFailingIsParkedAsDeadLetterAndTheOthersGoOn() throws Exception {
        String serial = newDevice();
        int mailsBefore = mail.getReceivedMessages().length;
        int smsBefore = smsc.received().size();
        smsc.close();
        byte[] b = (avaya(today("13:00:00"), "112", "555", "Lobby") + "\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, client.push(serial, SECRET, 1, b).status());
        awaitMails(mailsBefore + 1);
        await("dead letter", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-sms'"
                + " AND state = 'dead'", serial) == 1);
        JsonNode dead = json(admin("GET", "/admin/deadletters?sink=alert-sms", null)).get("deadLetters");
        JsonNode mine = null;
        for (JsonNode d : dead) {
            if (d.get("serial").asText().equals(serial)) {
                mine = d;
            }
        }
        assertTrue(mine != null && mine.get("attempts").asInt() == 3, dead.toString());
        assertEquals(1, count("SELECT COUNT(*) FROM cdr WHERE serial = ?", serial), "the cdr table is unaffected");

        smsc = SmppTestServer.start(smppPort);
        assertEquals(200, admin("POST", "/admin/deadletters/" + mine.get("id").asLong() + "/retry", "").status());
        assertEquals(1, smsc.awaitMessages(1, Duration.ofSeconds(20)).size(), "the retried dead letter is delivered");
        assertEquals(404, admin("POST", "/admin/deadletters/" + mine.get("id").asLong() + "/retry", "").status());
        await("delivered after retry", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-sms'"
                + " AND state = 'done'", serial) == 1);
    }

    /**
     * Several mail pollers claim disjoint rows: were a row handed to two of them, its alert would arrive twice under
     * one Message-ID; were a row left undone, it would stay pending.
     */
    @Test
    void withSeveralMailConsumersEachOfManyAlertsIsMailedExactlyOnce() throws Exception {
        OutboxEndpoint from = (OutboxEndpoint) hub.camel().getRoute("alert-mail").getEndpoint();
        assertEquals(MAIL_CONSUMERS, from.getConfiguration().getConcurrentConsumers());
        String serial = newDevice();
        int n = 30;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) { // one incident per extension: n alerts
            lines.append(avaya(today("14:00:00"), "911", Integer.toString(400 + i), "Desk " + i)).append("\r\n");
        }
        assertEquals(201, client.push(serial, SECRET, 1, lines.toString().getBytes(StandardCharsets.US_ASCII)).status());
        await("alerts raised", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-mail'", serial) == n);
        await("alert mails delivered", () -> count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-mail'"
                + " AND state = 'done'", serial) == n);
        Thread.sleep(1000); // a second delivery of some row would land by now

        Map<String, Integer> perMessageId = new HashMap<>();
        Set<String> subjects = new HashSet<>();
        for (MimeMessage m : mail.getReceivedMessages()) {
            if (m.getMessageID() != null && m.getMessageID().endsWith("." + serial + "@bufferhub>")) {
                perMessageId.merge(m.getMessageID(), 1, Integer::sum);
                subjects.add(m.getSubject());
            }
        }
        assertEquals(n, perMessageId.size(), "one Message-ID per alert: " + perMessageId.keySet());
        perMessageId.forEach((id, times) -> assertEquals(1, times, id + " mailed " + times + " times"));
        assertEquals(n, subjects.size(), "each alert's own subject");
        assertEquals(n, count("SELECT COUNT(*) FROM outbox WHERE serial = ? AND sink = 'alert-mail' AND state = 'done'"
                + " AND attempts = 1", serial), "every row done on its first attempt");
    }

    private List<MimeMessage> awaitMails(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mail.getReceivedMessages().length < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        MimeMessage[] got = mail.getReceivedMessages();
        assertTrue(got.length >= count, "expected " + count + " mails, got " + got.length);
        return List.of(got);
    }

    private long count(String sql, Object... args) {
        try {
            return hub.count(sql, args);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

}
