package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.TestDatabases;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ESB hand-off example (routes/integrations/esb-artemis.camel.yaml) against a real ActiveMQ Artemis broker
 * started in the test: each stored batch arrives once on the queue as JSON with its parsed records, and a
 * delivery repeated after a crash (outbox row pending again) is dropped by the broker's duplicate detection.
 */
class EsbArtemisIT extends HubTestBase {

    private final int port = freePort();
    private EmbeddedActiveMQ broker;

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("integrations.esbArtemis.enabled", "true");
        s.put("integrations.esbArtemis.brokerUrl", "tcp://127.0.0.1:" + port);
        s.put("integrations.esbArtemis.backoffMs", "200");
        return s;
    }

    @BeforeAll
    void startBroker() throws Exception {
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port));
        broker.start();
    }

    @AfterAll
    void stopBroker() throws Exception {
        broker.stop();
    }

    @Test
    void eachBatchReachesTheQueueOnceAsJson() throws Exception {
        String serial = newDevice();
        String line = "2026/11/21 10:27:44,00:01:10,3,4688,O,4207,4207,,0,10004688,0,E4688,Joe,T9001,Line 1,0,0";
        byte[] body = (line + "\r\nnot a call record\r\n").getBytes(StandardCharsets.US_ASCII);
        assertEquals(201, client.push(serial, SECRET, 1, body).status());
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port);
             JMSContext jms = cf.createContext();
             JMSConsumer consumer = jms.createConsumer(jms.createQueue("bufferhub.cdr"))) {
            Message m = consumer.receive(30_000);
            assertNotNull(m, "the batch reached the queue");
            assertEquals(serial, m.getStringProperty("BufferhubSerial"));
            assertEquals(1L, m.getLongProperty("BufferhubSeq"));
            JsonNode records = Json.MAPPER.readTree(m.getBody(String.class));
            assertEquals(2, records.size());
            assertEquals("4688", records.get(0).get("extension").asText());
            assertEquals(70, records.get(0).get("durationSeconds").asInt());
            assertEquals(line, records.get(0).get("raw").asText());
            assertNotNull(records.get(1).get("parseError").asText(null), "an unparsed line travels raw and flagged");

            // as after a crash between the broker's accept and the outbox commit: the row is delivered again
            try (Connection c = DriverManager.getConnection(hub.jdbc().url(), hub.jdbc().user(), hub.jdbc().password());
                 PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'pending', next_at = 0"
                         + " WHERE sink = 'esb-artemis' AND serial = ?")) {
                ps.setString(1, serial);
                assertEquals(1, ps.executeUpdate());
            }
            long deadline = System.currentTimeMillis() + 15_000;
            while (hub.count("SELECT COUNT(*) FROM outbox WHERE sink = 'esb-artemis' AND serial = ? AND attempts = 2",
                    serial) == 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the repeated delivery did not run");
                }
                Thread.sleep(100);
            }
            assertNull(consumer.receive(2000), "the broker dropped the repeat (duplicate detection)");
        }
    }

}
