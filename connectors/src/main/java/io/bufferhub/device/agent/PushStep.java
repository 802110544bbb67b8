package io.bufferhub.device.agent;

import io.bufferhub.device.push.HubConnection;
import io.bufferhub.device.push.HubPusher;
import io.bufferhub.device.push.OutgoingBatch;
import io.bufferhub.device.push.PermanentRedirectStore;
import io.bufferhub.device.push.PushResult;
import io.bufferhub.device.push.PushSettings;
import io.bufferhub.device.spool.SpoolConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bean the push route calls for each sealed batch the spool hands out: pushes it and tells the spool what
 * to do with it (PROTOCOL.md §3) — delete after 201/200, set aside after 409/413/415/422 (with a local alarm in
 * the log), otherwise keep it and offer the same batch again after the hub's Retry-After or a backoff.
 */
public class PushStep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushStep.class);

    private final HubPusher pusher;
    private final String serial;

    public PushStep(AgentSettings s) {
        this.serial = s.serial();
        HubConnection connection = new HubConnection(PushSettings.of(s.serial(), s.secret(), s.name(), s.mainUrl(),
                s.pins()).withBackoffCap(s.backoffCapMs()));
        // a 308 base outlives restarts until the settings change (PROTOCOL.md §6); before any request is sent
        new PermanentRedirectStore(UpdateAgent.workDir(s).resolve(PermanentRedirectStore.FILE), connection.settings())
                .attach(connection);
        this.pusher = new HubPusher(connection);
    }

    public HubPusher pusher() {
        return pusher;
    }

    public void push(Exchange exchange) {
        Message m = exchange.getMessage();
        Number used = m.getHeader(SpoolConstants.BUFFER_USED, Number.class);
        OutgoingBatch batch = new OutgoingBatch(m.getHeader(SpoolConstants.SEQ, Long.class),
                m.getHeader(SpoolConstants.CHANNEL, SpoolConstants.DEFAULT_CHANNEL, String.class),
                m.getBody(byte[].class), m.getHeader(SpoolConstants.CAPTURED_FROM, Long.class),
                m.getHeader(SpoolConstants.CAPTURED_TO, Long.class), m.getHeader(SpoolConstants.LOST_BYTES, Long.class),
                used == null ? null : (int) Math.round(used.doubleValue()));
        PushResult r = pusher.push(batch);
        switch (r.kind()) {
            case STORED -> m.setHeader(SpoolConstants.OUTCOME, SpoolConstants.ACKED);
            case QUARANTINE -> {
                LOG.error("ALARM {}: the hub refused batch seq {} with {} ({}); it is set aside in quarantine",
                        serial, batch.seq(), r.status(), r.detail());
                m.setHeader(SpoolConstants.OUTCOME, SpoolConstants.QUARANTINED);
                m.setHeader(SpoolConstants.OUTCOME_REASON, r.status() + " " + r.detail());
            }
            case RETRY -> {
                LOG.info("{}: batch seq {} not stored ({}), retrying in {} ms", serial, batch.seq(),
                        r.status() == 0 ? r.detail() : r.status() + " " + r.detail(), r.retryAfterMs());
                m.setHeader(SpoolConstants.OUTCOME, SpoolConstants.RETRY);
                m.setHeader(SpoolConstants.RETRY_AFTER_MS, r.retryAfterMs());
            }
        }
    }

    @Override
    public void close() {
        pusher.close();
    }
}
