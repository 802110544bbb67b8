package io.bufferhub.device.spool;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * {@code spool:name}: the producer appends the body (byte[]) to the named spool; the consumer emits its
 * sealed batches in seq order, one at a time, and acknowledges, quarantines or retries each according
 * to the {@code BufferhubOutcome} the route sets (see {@link SpoolConsumer}).
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "spool", title = "Durable spool", syntax = "spool:name",
        category = {Category.FILE}, headersClass = SpoolConstants.class)
public class SpoolEndpoint extends DefaultEndpoint {

    /** Name of the spool; endpoints with the same name share one spool. */
    @UriPath(description = "Name of the spool; endpoints with the same name share one spool")
    @Metadata(required = true)
    private final String name;

    @UriParam
    private final SpoolConfiguration configuration;

    private Spool spool;

    SpoolEndpoint(String uri, SpoolComponent component, String name, SpoolConfiguration configuration) {
        super(uri, component);
        this.name = name;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() {
        return new SpoolProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SpoolConsumer consumer = new SpoolConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The shared spool, opened on first use (by then every route's URIs have given their options). */
    /** The spool this endpoint writes to or reads from (opened on first use). */
    public synchronized Spool spool() throws Exception {
        if (spool == null) {
            spool = getComponent().acquire(name);
        }
        return spool;
    }

    @Override
    public SpoolComponent getComponent() {
        return (SpoolComponent) super.getComponent();
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (spool != null) {
            spool = null;
            getComponent().release(name);
        }
        super.doStop();
    }

    public String getName() {
        return name;
    }

    public SpoolConfiguration getConfiguration() {
        return configuration;
    }
}
