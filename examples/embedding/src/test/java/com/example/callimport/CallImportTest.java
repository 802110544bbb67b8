package com.example.callimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Starts the whole application (Spring Boot, Camel, bufferhub's Kamelet from the jar) on an in-memory H2 database
 * and an inbox in a temporary folder, drops PBX exports in and checks the rows of the application's table.
 */
@CamelSpringBootTest
@SpringBootTest
class CallImportTest {

    private static final Path INBOX = tempInbox();

    // IP Office SMDR: an outbound call from extension 4688, then 9 + 911 from extension 4690
    private static final String CALL = "2026/11/21 10:27:44,00:00:44,4,4688,O,01632960123,901632960123,,0,"
            + "1000013898,0,E4688,Joe Bloggs,T9001,Line 1.1,0,0";
    private static final String EMERGENCY = "2026/11/21 10:31:02,00:02:10,3,4690,O,911,9911,,0,1000013901,0,"
            + "E4690,Reception,T9002,Line 1.2,0,0";

    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("callimport.inbox", INBOX::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:call-import-test;DB_CLOSE_DELAY=-1");
        // 60 in application.properties: a setting given here reaches bufferhub's alert rules
        registry.add("alerts.longCall.minutes", () -> "2");
    }

    @Test
    void parsesStoresAndFlagsTheLinesOfADroppedFile() throws Exception {
        NotifyBuilder stored = new NotifyBuilder(camel).fromRoute("call-import-files").whenCompleted(1).create();
        drop("2026-11-21.txt", CALL + "\r\n" + EMERGENCY + "\r\n*** PBX restarted ***\r\n");
        assertTrue(stored.matches(20, TimeUnit.SECONDS), "the file was not stored");

        List<Map<String, Object>> rows = rows("2026-11-21.txt");
        assertEquals(3, rows.size());

        Map<String, Object> call = rows.get(0);
        assertEquals("avaya", call.get("PARSER"));
        assertNull(call.get("PARSE_ERROR"));
        assertNull(call.get("CHANNEL"));
        assertEquals("4688", call.get("EXTENSION"));
        assertEquals("901632960123", call.get("DIALLED"));
        assertEquals(44, call.get("DURATION_S"));
        assertEquals("out", call.get("DIRECTION"));
        // 10:27:44 London time in November is 10:27:44 UTC (cdr.zone)
        assertEquals(Instant.parse("2026-11-21T10:27:44Z"), ((OffsetDateTime) call.get("CALL_START")).toInstant());
        assertNull(call.get("ALERTS"));

        assertEquals("emergency,long-call", rows.get(1).get("ALERTS"));
        assertEquals("4690", rows.get(1).get("EXTENSION"));

        Map<String, Object> noise = rows.get(2);
        assertEquals("*** PBX restarted ***", noise.get("RAW_LINE"));
        assertTrue(noise.get("PARSE_ERROR").toString().contains("comma-separated fields"), noise.toString());
        assertNull(noise.get("EXTENSION"));
    }

    @Test
    void aChannelFolderPicksItsOwnParser() throws Exception {
        NotifyBuilder stored = new NotifyBuilder(camel).fromRoute("call-import-files").whenCompleted(1).create();
        drop("branch/export.txt", "2026-11-21 11:00:00;125;201;00441632960999\n");
        assertTrue(stored.matches(20, TimeUnit.SECONDS), "the file was not stored");

        List<Map<String, Object>> rows = rows("branch/export.txt");
        assertEquals(1, rows.size());
        Map<String, Object> row = rows.get(0);
        assertEquals("branch", row.get("CHANNEL"));
        assertEquals("csv", row.get("PARSER"));
        assertEquals(125, row.get("DURATION_S"));
        assertEquals("201", row.get("EXTENSION"));
        // 2026-11-21 is a Saturday: outside alerts.businessDays (MON-FRI)
        assertEquals("international-after-hours,long-call", row.get("ALERTS"));
    }

    @Test
    void linesSentTwiceAreStoredOnce() {
        Map<String, Object> headers = Map.of(CallLines.SOURCE, "upload-7");
        producer.sendBodyAndHeaders("direct:call-lines", CALL + "\n" + EMERGENCY + "\n", headers);
        producer.sendBodyAndHeaders("direct:call-lines", CALL + "\n" + EMERGENCY + "\n", headers);

        List<Map<String, Object>> rows = rows("upload-7");
        assertEquals(2, rows.size());
        assertEquals("avaya", rows.get(0).get("PARSER"));
        assertEquals("emergency,long-call", rows.get(1).get("ALERTS"));
    }

    private List<Map<String, Object>> rows(String source) {
        return jdbc.queryForList("SELECT * FROM call_log WHERE source = ? ORDER BY line_no", source);
    }

    /** Written beside the inbox's *.txt pattern first, then renamed, so the route never sees half a file. */
    private static void drop(String name, String text) throws IOException {
        Path target = INBOX.resolve(name);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.writeString(tmp, text, StandardCharsets.ISO_8859_1);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path tempInbox() {
        try {
            return Files.createTempDirectory("call-import-inbox");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
