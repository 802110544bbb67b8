package io.bufferhub.hub.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.bufferhub.common.Json;
import io.bufferhub.hub.support.HubTestBase;
import io.bufferhub.hub.support.KafkaTestBroker;
import io.bufferhub.hub.support.TestDatabases;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Kafka hand-off (routes/integrations/esb-kafka.camel.yaml) against a real single-node KRaft broker in its own
 * JVM: each stored batch arrives on the topic as JSON keyed serial/seq; a batch stored while the broker is down
 * arrives once it is back (outbox retries); and a delivery repeated after a crash is a second record with the same
 * key and value — Kafka does not drop it, a consumer de-duplicating by key does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EsbKafkaIT extends HubTestBase {

    private static final String TOPIC = "bufferhub.cdr";
    private static final Set<String> HEADERS =
            Set.of("BufferhubSerial", "BufferhubSeq", "BufferhubChannel", "BufferhubGroup", "BufferhubReceivedAt");
    private static final String LINE =
            "2026/11/21 10:27:44,00:01:10,3,4688,O,4207,4207,,0,10004688,0,E4688,Joe,T9001,Line 1,0,0";

    // not started here: the first test stores a batch before the broker exists
    private final KafkaTestBroker broker = new KafkaTestBroker("esb");

    @Override
    protected TestDatabases.Kind kind() {
        return TestDatabases.Kind.H2;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(super.settings());
        s.put("integrations.esbKafka.enabled", "true");
        s.put("integrations.esbKafka.brokers", broker.bootstrapServers());
        s.put("integrations.esbKafka.backoffMs", "200");
        // a send to an absent broker fails after 2 s instead of 10, so the outbox's retry shows within the test
        s.put("camel.kamelet.kafka-sink.maxBlockMs", "2000");
        return s;
    }

    @AfterAll
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    @Order(1)
    void aBatchStoredWhileTheBrokerIsDownArrivesOnceItIsUp() throws Exception {
        String serial = newDevice();
        assertEquals(201, client.push(serial, SECRET, 1, batch()).status());
        // the first attempt fails (no broker, no metadata after maxBlockMs) and the row waits for a retry
        awaitOutbox(serial, "state = 'pending' AND attempts >= 1 AND last_error IS NOT NULL", 30_000);

        long t0 = System.nanoTime();
        brokerUp();
        System.out.printf("kafka broker started, topic created in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        List<ConsumerRecord<String, String>> got = records(serial + "/1", 1);
        assertEquals(1, got.size(), "delivered once the broker is back, once");
        awaitOutbox(serial, "state = 'done'", 15_000);
        assertTrue(hub.count("SELECT attempts FROM outbox WHERE sink = 'esb-kafka' AND serial = ?", serial) >= 2,
                "it took a retry");
        assertEquals(2, Json.MAPPER.readTree(got.get(0).value()).size());
    }

    @Test
    @Order(2)
    void eachBatchReachesTheTopicAsJsonKeyedBySerialAndSeqAndARepeatIsASecondRecordWithTheSameKey() throws Exception {
        brokerUp();
        String serial = newDevice();
        assertEquals(201, client.push(serial, SECRET, 1, batch()).status());

        List<ConsumerRecord<String, String>> got = records(serial + "/1", 1);
        assertEquals(1, got.size());
        ConsumerRecord<String, String> r = got.get(0);
        Map<String, String> headers = headers(r);
        assertTrue(HEADERS.containsAll(headers.keySet()), "only the whitelisted headers travel: " + headers.keySet());
        assertEquals(serial, headers.get("BufferhubSerial"));
        assertEquals("1", headers.get("BufferhubSeq"));
        assertEquals("test", headers.get("BufferhubGroup"));
        assertNotNull(headers.get("BufferhubChannel"));
        assertTrue(headers.get("BufferhubReceivedAt").matches("\\d{13}"), headers.get("BufferhubReceivedAt"));
        JsonNode records = Json.MAPPER.readTree(r.value());
        assertEquals(2, records.size());
        assertEquals(serial, records.get(0).get("serial").asText());
        assertEquals("4688", records.get(0).get("extension").asText());
        assertEquals(70, records.get(0).get("durationSeconds").asInt());
        assertEquals(LINE, records.get(0).get("raw").asText());
        assertNotNull(records.get(1).get("parseError").asText(null), "an unparsed line travels raw and flagged");

        // as after a crash between the broker's acknowledgement and the outbox commit: the row is delivered again
        try (Connection c = DriverManager.getConnection(hub.jdbc().url(), hub.jdbc().user(), hub.jdbc().password());
             PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'pending', next_at = 0"
                     + " WHERE sink = 'esb-kafka' AND serial = ?")) {
            ps.setString(1, serial);
            assertEquals(1, ps.executeUpdate());
        }
        awaitOutbox(serial, "state = 'done' AND attempts = 2", 15_000);
        List<ConsumerRecord<String, String>> both = records(serial + "/1", 2);
        assertEquals(2, both.size(), "Kafka keeps the repeat: no broker-side duplicate detection across sends");
        assertEquals(both.get(0).partition(), both.get(1).partition(), "same key, same partition");
        assertTrue(both.get(0).offset() < both.get(1).offset());
        assertEquals(both.get(0).value(), both.get(1).value(), "the repeat carries the same batch");

        // what a consumer does about it: remember the keys it has processed, skip a key seen before
        Set<String> seen = new HashSet<>();
        List<ConsumerRecord<String, String>> processed = both.stream().filter(x -> seen.add(x.key())).toList();
        assertEquals(List.of(both.get(0)), processed);
    }

    @Test
    @Order(3)
    void aBrokerRestartLosesNothing() throws Exception {
        brokerUp();
        String serial = newDevice();
        broker.stop();
        assertEquals(201, client.push(serial, SECRET, 1, batch()).status());
        assertEquals(201, client.push(serial, SECRET, 2, batch()).status());
        Thread.sleep(3000); // the hub tries meanwhile; nothing can be done while the broker is away
        assertEquals(2, hub.count("SELECT COUNT(*) FROM outbox WHERE sink = 'esb-kafka' AND serial = ?"
                + " AND state = 'pending'", serial), "nothing marked delivered while the broker is down");

        broker.start();
        assertEquals(1, records(serial + "/1", 1).size());
        assertEquals(1, records(serial + "/2", 1).size());
        awaitOutbox(serial, "state = 'done'", 15_000, 2);
    }

    /** Starts the broker if it is not running and makes sure the topic exists (3 partitions, as a real one may). */
    private void brokerUp() throws Exception {
        broker.start();
        broker.createTopic(TOPIC, 3);
    }

    private static byte[] batch() {
        return bytes(LINE + "\r\nnot a call record\r\n");
    }

    private void awaitOutbox(String serial, String condition, long timeoutMs) throws Exception {
        awaitOutbox(serial, condition, timeoutMs, 1);
    }

    private void awaitOutbox(String serial, String condition, long timeoutMs, long rows) throws Exception {
        String sql = "SELECT COUNT(*) FROM outbox WHERE sink = 'esb-kafka' AND serial = ? AND " + condition;
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (hub.count(sql, serial) < rows) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no outbox row of " + serial + " with " + condition + " after " + timeoutMs + " ms");
            }
            Thread.sleep(100);
        }
    }

    /**
     * The topic's records with {@code key}, read from the start of every partition by a plain consumer: waits up to
     * 30 s for {@code expected} of them, then 1.5 s more so that an unexpected extra one is seen too.
     */
    private List<ConsumerRecord<String, String>> records(String key, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            long settle = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        out.add(r);
                    }
                }
                if (out.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.currentTimeMillis() + 1500;
                }
            }
            return out;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> m = new HashMap<>();
        for (Header h : r.headers()) {
            m.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }
}
