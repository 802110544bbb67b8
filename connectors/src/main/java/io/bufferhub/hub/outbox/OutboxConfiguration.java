package io.bufferhub.hub.outbox;

import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** Options of an {@code outbox:<sink>} consumer. */
@UriParams
public class OutboxConfiguration implements Cloneable {

    /** The sink's name: 1-64 of A-Z a-z 0-9 . _ - ; its outbox rows and dead letters carry it. */
    @UriPath
    @Metadata(required = true)
    private String sink;

    /** What each row points at: {@code batch} (a stored batch, body = its records) or {@code alert} (one alert). */
    @UriParam(defaultValue = "batch", enums = "batch,alert")
    private String source = "batch";

    /** Milliseconds between polls when there is nothing to deliver. */
    @UriParam(defaultValue = "500")
    private long delay = 500;

    /** Rows delivered per poll: with the delay, the sink's top rate (200 per 500 ms = 400 rows/s). */
    @UriParam(defaultValue = "200")
    private int maxPerPoll = 200;

    /** Attempts before a row becomes a dead letter ({@code GET /admin/deadletters}). */
    @UriParam(defaultValue = "8")
    private int maxAttempts = 8;

    /** First retry delay in ms; doubled per attempt up to maxBackoffMs. */
    @UriParam(defaultValue = "1000")
    private long backoffMs = 1000;

    /** Longest retry delay in ms. */
    @UriParam(defaultValue = "300000")
    private long maxBackoffMs = 300_000;

    /**
     * Hand the claim's JDBC connection to the route (header {@code BufferhubConnection}) so that what it writes to the
     * hub's own database commits together with the outbox row: exactly once for in-database sinks.
     */
    @UriParam(defaultValue = "false")
    private boolean transacted;

    /**
     * Pollers delivering this sink's rows in parallel (1-32), each claiming its own rows ({@code SKIP LOCKED}) and
     * holding a database connection while it delivers. Sinks whose deliveries are independent of each other (mail,
     * SMS, an ESB) may use several to hide a slow target's round trip; order-sensitive sinks such as daily-files
     * must keep 1, or one device's batches could be appended out of order.
     */
    @UriParam(defaultValue = "1")
    private int concurrentConsumers = 1;

    public String getSink() {
        return sink;
    }

    public void setSink(String sink) {
        this.sink = sink;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public long getDelay() {
        return delay;
    }

    public void setDelay(long delay) {
        this.delay = delay;
    }

    public int getMaxPerPoll() {
        return maxPerPoll;
    }

    public void setMaxPerPoll(int maxPerPoll) {
        this.maxPerPoll = maxPerPoll;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getBackoffMs() {
        return backoffMs;
    }

    public void setBackoffMs(long backoffMs) {
        this.backoffMs = backoffMs;
    }

    public long getMaxBackoffMs() {
        return maxBackoffMs;
    }

    public void setMaxBackoffMs(long maxBackoffMs) {
        this.maxBackoffMs = maxBackoffMs;
    }

    public boolean isTransacted() {
        return transacted;
    }

    public void setTransacted(boolean transacted) {
        this.transacted = transacted;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    /** The delay before attempt {@code attempt + 1} after {@code attempt} failures. */
    long backoff(int attempt) {
        long d = backoffMs;
        for (int i = 1; i < attempt && d < maxBackoffMs; i++) {
            d *= 2;
        }
        return Math.min(d, maxBackoffMs);
    }

    public OutboxConfiguration copy() {
        try {
            return (OutboxConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }
}
