package io.bufferhub.device.serial;

import static io.bufferhub.device.serial.SerialFramingTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The producer opens lazily, reports write failures on the exchange and reopens on the next one. */
class SerialProducerTest {

    private final FakeSerialLine line = new FakeSerialLine();
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        SerialComponent component = new SerialComponent();
        component.setPortFactory(line.factory());
        context.addComponent("serial", component);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void writesBodiesAndRecoversAfterAFailedWrite() {
        String uri = "serial:/dev/fake1?baudRate=1200";
        template.sendBody(uri, "CDR 1\r\n");
        assertEquals(1, line.openAttempts.size(), "opened on first use");
        assertEquals(1200, line.openedWith.getBaudRate());

        line.failWrites = true;
        Exchange failed = template.send(uri, e -> e.getIn().setBody(bytes("CDR 2\r\n")));
        assertNotNull(failed.getException());
        assertTrue(failed.getException().getMessage().contains("OS error 5"), failed.getException().getMessage());

        line.failWrites = false;
        template.sendBody(uri, bytes("CDR 3\r\n"));
        assertEquals(2, line.openAttempts.size(), "reopened after the failure");
        assertArrayEquals(bytes("CDR 1\r\nCDR 3\r\n"), line.written());
    }

    @Test
    void openFailureIsAnExceptionOnTheExchange() {
        line.refuseOpens.set(1);
        Exchange failed = template.send("serial:/dev/fake2", e -> e.getIn().setBody("x"));
        assertNotNull(failed.getException());
        assertTrue(failed.getException().getMessage().contains("OS error 2"), failed.getException().getMessage());
        template.sendBody("serial:/dev/fake2", "y");
        assertArrayEquals(bytes("y"), line.written());
    }
}
