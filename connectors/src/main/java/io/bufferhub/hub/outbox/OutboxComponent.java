package io.bufferhub.hub.outbox;

import java.util.Map;

import io.bufferhub.common.Identifiers;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code outbox:<sink>} — a consumer that delivers what the hub stored, once per sink, from the durable outbox
 * ({@link OutboxStore}). Integrations in {@code routes/integrations} start with it. Needs the beans
 * {@code outboxStore} and {@code sinkPayloads} (bound by HubSetup).
 */
@Component("outbox")
public class OutboxComponent extends DefaultComponent {

    /** Upper bound of {@code concurrentConsumers}: each poller holds a pooled connection while it delivers. */
    static final int MAX_CONSUMERS = 32;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (!Identifiers.isSerial(remaining)) {
            throw new IllegalArgumentException("outbox:" + remaining + ": a sink name is 1-64 of A-Z a-z 0-9 . _ -");
        }
        OutboxConfiguration cfg = new OutboxConfiguration();
        cfg.setSink(remaining);
        setProperties(cfg, parameters);
        OutboxEndpoint endpoint = new OutboxEndpoint(uri, this, cfg);
        if (!cfg.getSource().equals("batch") && !cfg.getSource().equals("alert")) {
            throw new IllegalArgumentException("outbox:" + remaining + ": source is batch or alert, got " + cfg.getSource());
        }
        if (cfg.getConcurrentConsumers() < 1 || cfg.getConcurrentConsumers() > MAX_CONSUMERS) {
            throw new IllegalArgumentException("outbox:" + remaining + ": concurrentConsumers is 1-" + MAX_CONSUMERS + ", got "
                    + cfg.getConcurrentConsumers());
        }
        return endpoint;
    }
}
