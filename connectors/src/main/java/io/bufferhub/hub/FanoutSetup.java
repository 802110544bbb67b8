package io.bufferhub.hub;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import io.bufferhub.hub.alerts.AlertBook;
import io.bufferhub.hub.alerts.AlertRecipients;
import io.bufferhub.hub.alerts.AlertRules;
import io.bufferhub.hub.alerts.HealthWatch;
import io.bufferhub.hub.cdr.ParserSelection;
import io.bufferhub.hub.outbox.OutboxHousekeeping;
import io.bufferhub.hub.outbox.OutboxStore;
import io.bufferhub.hub.outbox.SinkPayloads;
import io.bufferhub.hub.sinks.CdrTableSink;
import io.bufferhub.hub.sinks.DailyFileSink;
import io.bufferhub.hub.sinks.FanoutAdmin;
import io.bufferhub.hub.store.Database;
import org.apache.camel.CamelContext;

/**
 * Binds the fan-out beans the integration routes ({@code routes/integrations}) use: the outbox, record parsing
 * ({@code cdr.*}), the hub's call table, daily files, alert rules ({@code alerts.*}), the operator API and the
 * outbox's housekeeping ({@code integrations.outbox.keepDoneHours}).
 * Parser specs, alert rules and recipients are checked here, so a typo stops the hub at start.
 */
final class FanoutSetup {

    private FanoutSetup() {
    }

    static void bind(CamelContext camel, HubProperties p, Database db, Path dataDir) {
        Map<String, String> cdr = p.withPrefixes("cdr.");
        Map<String, String> alerts = p.withPrefixes("alerts.");
        ZoneId zone = ZoneId.of(p.get("cdr.zone", "UTC"));
        OutboxStore outbox = new OutboxStore(db);
        SinkPayloads payloads = new SinkPayloads(new ParserSelection(cdr), zone);
        AlertBook alertBook = new AlertBook(AlertRules.fromProperties(alerts), AlertRecipients.of(alerts),
                p.getDouble("alerts.bufferHighPercent", 80));
        camel.getRegistry().bind("outboxStore", outbox);
        camel.getRegistry().bind("sinkPayloads", payloads);
        camel.getRegistry().bind("cdrTableSink", new CdrTableSink());
        camel.getRegistry().bind("dailyFileSink", new DailyFileSink(db,
                dataDir.resolve(p.get("integrations.files.dir", "files")), zone,
                p.get("integrations.files.lineEnding", "CRLF").equalsIgnoreCase("LF") ? "\n" : "\r\n"));
        camel.getRegistry().bind("alertBook", alertBook);
        camel.getRegistry().bind("healthWatch", new HealthWatch(db, alertBook,
                Duration.ofMinutes(p.getLong("alerts.offline.minutes", 30)),
                Duration.ofMinutes(p.getLong("alerts.quiet.minutes", 240))));
        camel.getRegistry().bind("fanoutAdmin", new FanoutAdmin(outbox, payloads));
        camel.getRegistry().bind("outboxHousekeeping", new OutboxHousekeeping(outbox,
                p.getLong("integrations.outbox.keepDoneHours", 168), p.getInt("integrations.outbox.pruneChunk", 5000)));
    }
}
