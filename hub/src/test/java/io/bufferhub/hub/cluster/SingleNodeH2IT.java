package io.bufferhub.hub.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.bufferhub.hub.support.HubProcess;
import io.bufferhub.hub.support.TestDatabases;
import io.bufferhub.hub.support.TestHub;
import org.junit.jupiter.api.Test;

/**
 * The embedded H2 default is single-node and says so: a second hub process started on the same H2 file stops
 * at start with a message that points to PostgreSQL, instead of H2's bare file-lock error.
 */
class SingleNodeH2IT {

    @Test
    void aSecondHubOnTheSameH2FileIsToldToUsePostgresql() throws Exception {
        Path dir = Files.createTempDirectory("single-node-h2-");
        TestDatabases.Jdbc jdbc = TestDatabases.fresh(TestDatabases.Kind.H2, dir);
        try (HubProcess first = HubProcess.start(jdbc, Files.createDirectories(dir.resolve("first")), Map.of())) {
            Throwable e = assertThrows(Throwable.class,
                    () -> TestHub.start(jdbc, dir.resolve("second"), Map.of()).close());
            String messages = "";
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages += t.getMessage() + "\n";
            }
            assertTrue(messages.contains("serves one hub node only") && messages.contains("PostgreSQL"), messages);
        }
    }
}
