package io.bufferhub.hub.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Endpoint options of {@code outbox:}, checked when the endpoint is created (no database needed). */
class OutboxComponentTest {

    private static OutboxConfiguration configure(String uri) throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("outbox", new OutboxComponent());
            return ((OutboxEndpoint) camel.getEndpoint(uri)).getConfiguration();
        }
    }

    @Test
    void concurrentConsumersDefaultsToOneAndTakesUpToThirtyTwo() throws Exception {
        assertEquals(1, configure("outbox:daily-files").getConcurrentConsumers());
        assertEquals(4, configure("outbox:alert-mail?source=alert&concurrentConsumers=4").getConcurrentConsumers());
        assertEquals(32, configure("outbox:alert-sms?concurrentConsumers=32").getConcurrentConsumers());
    }

    @Test
    void concurrentConsumersOutsideOneToThirtyTwoIsRefusedNamingIt() {
        for (String bad : new String[] {"0", "-1", "33", "1000"}) {
            ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                    () -> configure("outbox:alert-mail?concurrentConsumers=" + bad), bad);
            String why = e.getCause().getMessage();
            assertTrue(why.contains("concurrentConsumers") && why.contains("1-32") && why.contains("got " + bad), why);
        }
    }

    @Test
    void aNonNumberIsRefusedNamingTheOption() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> configure("outbox:alert-mail?concurrentConsumers=many"));
        assertTrue(e.getMessage().contains("concurrentConsumers"), e.getMessage());
    }
}
