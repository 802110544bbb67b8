package io.bufferhub.device.spool;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the spool's sealed batches strictly one at a time in seq order (PROTOCOL.md §3: the hub sees
 * seqs in order; a later batch never overtakes one still being retried). After the exchange completes:
 * <ul>
 * <li>{@code BufferhubOutcome=acked}: the batch is deleted;</li>
 * <li>{@code quarantined}: it is moved aside with {@code BufferhubOutcomeReason}, and the next one follows
 * at once (one bad batch never blocks the queue);</li>
 * <li>an exception, {@code retry}, or (with {@code defaultOutcome=retry}) no outcome: the same batch is
 * emitted again after {@code BufferhubRetryAfterMs} if set, else after an exponential backoff with
 * jitter (a random delay in [d/2, d], d = retryInitialDelayMs doubling per failure up to
 * retryMaxDelayMs), reset by the next acked or quarantined batch.</li>
 * </ul>
 * The batch is held ({@link Spool#hold}) while in flight so dropOldest does not delete it under the
 * sender. Runs on one thread from Camel's ExecutorServiceManager; when idle it waits for a seal.
 */
public class SpoolConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolConsumer.class);
    private static final long IDLE_WAIT_MS = 1000;

    private ScheduledExecutorService executor;
    private volatile boolean running;
    private volatile Spool spool;
    private int failures;
    private long lastSeq = -1;
    private int attempt;

    public SpoolConsumer(SpoolEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public SpoolEndpoint getEndpoint() {
        return (SpoolEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "spool-consumer-" + getEndpoint().getName());
        executor.execute(this::step);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        Spool s = spool;
        if (s != null) {
            s.wakeUp();
        }
        if (executor != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor);
            executor = null;
        }
        super.doStop();
    }

    private void step() {
        if (!running) {
            return;
        }
        long delay = 0;
        try {
            if (spool == null) {
                spool = getEndpoint().spool();
            }
            SealedBatch batch = isSuspended() ? null : spool.awaitOldest(IDLE_WAIT_MS);
            if (isSuspended()) {
                delay = IDLE_WAIT_MS;
            } else if (batch != null && running) {
                delay = deliver(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            getExceptionHandler().handleException("spool consumer failed; retrying", e);
            delay = backoff();
        }
        if (running) {
            try {
                executor.schedule(this::step, delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                // stopping
            }
        }
    }

    /** Sends one batch through the route and settles it; returns the delay before the next step. */
    private long deliver(SealedBatch batch) throws Exception {
        long seq = batch.seq();
        attempt = seq == lastSeq ? attempt + 1 : 1;
        lastSeq = seq;
        spool.hold(seq);
        try {
            byte[] body;
            try {
                body = batch.body();
            } catch (IOException e) {
                if (spool.oldest() == batch) {
                    LOG.error("Spool batch seq={} cannot be read; quarantining it", seq, e);
                    spool.quarantine(seq, "unreadable in spool: " + e.getMessage());
                }
                return 0;
            }
            Exchange exchange = createExchange(false);
            try {
                Message m = exchange.getMessage();
                m.setBody(body);
                m.setHeader(SpoolConstants.SEQ, seq);
                m.setHeader(SpoolConstants.CHANNEL, batch.channel());
                m.setHeader(SpoolConstants.CAPTURED_FROM, batch.capturedFrom());
                m.setHeader(SpoolConstants.CAPTURED_TO, batch.capturedTo());
                m.setHeader(SpoolConstants.LOST_BYTES, batch.lostBytes());
                m.setHeader(SpoolConstants.BUFFER_USED, spool.usedPercent());
                m.setHeader(SpoolConstants.ATTEMPT, attempt);
                try {
                    getProcessor().process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                return settle(exchange, seq);
            } finally {
                releaseExchange(exchange, false);
            }
        } finally {
            spool.release(seq);
        }
    }

    private long settle(Exchange exchange, long seq) throws IOException {
        Message m = exchange.getMessage();
        Exception failure = exchange.getException();
        String outcome = m.getHeader(SpoolConstants.OUTCOME, String.class);
        if (failure == null && outcome == null) {
            outcome = getEndpoint().getConfiguration().getDefaultOutcome();
        }
        if (failure == null && SpoolConstants.ACKED.equals(outcome)) {
            spool.acknowledge(seq);
            failures = 0;
            return 0;
        }
        if (failure == null && SpoolConstants.QUARANTINED.equals(outcome)) {
            spool.quarantine(seq, m.getHeader(SpoolConstants.OUTCOME_REASON, "no reason given", String.class));
            failures = 0;
            return 0;
        }
        if (failure == null && !SpoolConstants.RETRY.equals(outcome)) {
            LOG.warn("Spool batch seq={}: unknown {} '{}', retrying", seq, SpoolConstants.OUTCOME, outcome);
        }
        Long after = m.getHeader(SpoolConstants.RETRY_AFTER_MS, Long.class);
        long delay = after != null && after >= 0 ? after : backoff();
        LOG.warn("Spool batch seq={} attempt {} not delivered ({}); again in {} ms", seq, attempt,
                failure != null ? failure.toString() : "outcome " + outcome, delay);
        return delay;
    }

    private long backoff() {
        SpoolConfiguration c = getEndpoint().getConfiguration();
        failures++;
        long d = c.getRetryInitialDelayMs() << Math.min(failures - 1, 30);
        d = Math.max(1, Math.min(d < 0 ? Long.MAX_VALUE : d, c.getRetryMaxDelayMs()));
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }
}
