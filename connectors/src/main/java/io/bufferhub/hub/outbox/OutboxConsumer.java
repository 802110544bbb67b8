package io.bufferhub.hub.outbox;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.bufferhub.hub.store.Database;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sink's outbox rows: each row is claimed under a row lock in its own transaction, handed to the
 * route, and marked done in the same transaction — or, when the route fails, retried after a backoff and parked
 * as a dead letter after {@code maxAttempts}. A hub killed mid-delivery leaves the row pending (its lock dies
 * with the connection) and the next poll on any node delivers it again; targets outside the database are
 * therefore idempotent where they can be (upserts, the files journal, stable ids) — see the README. With
 * {@code concurrentConsumers} above 1, that many pollers of one thread pool do this side by side on disjoint rows.
 */
public class OutboxConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxConsumer.class);

    private final OutboxConfiguration cfg;
    private OutboxStore store;
    private SinkPayloads payloads;
    private ScheduledExecutorService poller;
    private final AtomicLong quietUntil = new AtomicLong();

    OutboxConsumer(OutboxEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.cfg = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        store = getEndpoint().getCamelContext().getRegistry().lookupByNameAndType("outboxStore", OutboxStore.class);
        payloads = getEndpoint().getCamelContext().getRegistry().lookupByNameAndType("sinkPayloads", SinkPayloads.class);
        if (store == null || payloads == null) {
            throw new IllegalStateException("outbox:" + cfg.getSink() + " needs the hub's beans outboxStore and sinkPayloads"
                    + " (io.bufferhub.hub.HubSetup)");
        }
        store.register(cfg.getSink(), cfg.getSource());
        int n = cfg.getConcurrentConsumers();
        poller = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newScheduledThreadPool(this, "outbox-" + cfg.getSink(), n);
        for (int i = 0; i < n; i++) {
            // each loop claims its own rows (SKIP LOCKED); first polls staggered across one delay
            long first = cfg.getDelay() + cfg.getDelay() * i / n;
            poller.scheduleWithFixedDelay(this::poll, first, cfg.getDelay(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (poller != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(poller);
            poller = null;
        }
        super.doStop();
    }

    private void poll() {
        try {
            for (int i = 0; i < cfg.getMaxPerPoll() && isRunAllowed() && deliverOne(); i++) {
                // keep going while rows are due, up to maxPerPoll per delay
            }
        } catch (Exception e) {
            long now = System.currentTimeMillis();
            long until = quietUntil.get();
            // database down: say so once a minute, not every poll, and once for all this sink's pollers
            if (now > until && quietUntil.compareAndSet(until, now + 60_000)) {
                LOG.warn("outbox:{} cannot reach the database, retrying: {}", cfg.getSink(), e.toString());
            }
        }
    }

    /** Claims and delivers the oldest due row; false when none is due. */
    boolean deliverOne() throws SQLException {
        Database db = store.database();
        return db.transaction(c -> {
            long now = System.currentTimeMillis();
            OutboxStore.Row row = store.claim(c, cfg.getSink(), now);
            if (row == null) {
                return false;
            }
            Exchange exchange = createExchange(false);
            Savepoint before = cfg.isTransacted() ? c.setSavepoint() : null;
            try {
                payloads.fill(c, row, exchange);
                exchange.getIn().setHeader(OutboxConstants.OUTBOX_ID, row.id());
                exchange.getIn().setHeader(OutboxConstants.ATTEMPT, row.attempts() + 1);
                if (cfg.isTransacted()) {
                    exchange.getIn().setHeader(OutboxConstants.CONNECTION, c);
                }
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            releaseExchange(exchange, false);
            long after = System.currentTimeMillis();
            if (failure == null) {
                OutboxStore.done(c, row.id(), after);
                return true;
            }
            if (before != null) {
                c.rollback(before); // nothing the failed attempt wrote stays
            }
            int attempt = row.attempts() + 1;
            boolean dead = attempt >= cfg.getMaxAttempts();
            String error = rootMessage(failure);
            OutboxStore.failed(c, row.id(), error, after + cfg.backoff(attempt), dead, after);
            if (dead) {
                LOG.error("outbox:{} {} parked as dead letter {} after {} attempts: {}", cfg.getSink(), row.ref(), row.id(),
                        attempt, error);
            } else {
                LOG.warn("outbox:{} {} attempt {} failed, retry in {} ms: {}", cfg.getSink(), row.ref(), attempt,
                        cfg.backoff(attempt), error);
            }
            return true;
        });
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
