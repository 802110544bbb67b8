package io.bufferhub.hub.outbox;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/** One sink's view of the outbox; consumer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "outbox", title = "bufferhub outbox", syntax = "outbox:sink",
        consumerOnly = true, category = {Category.DATABASE}, headersClass = OutboxConstants.class)
public class OutboxEndpoint extends DefaultEndpoint {

    @UriParam
    private final OutboxConfiguration configuration;

    OutboxEndpoint(String uri, OutboxComponent component, OutboxConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    public OutboxConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        throw new IllegalArgumentException("outbox: is a consumer only (from:); the hub writes the outbox when it stores a batch");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        OutboxConsumer consumer = new OutboxConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
