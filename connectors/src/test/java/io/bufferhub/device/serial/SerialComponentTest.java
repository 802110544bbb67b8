package io.bufferhub.device.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bufferhub.device.serial.SerialConfiguration.Delimiter;
import io.bufferhub.device.serial.SerialConfiguration.FlowControl;
import io.bufferhub.device.serial.SerialConfiguration.Framing;
import io.bufferhub.device.serial.SerialConfiguration.Parity;

/** The component is found by scheme, URI options land in the configuration, and bad settings fail early. */
class SerialComponentTest {

    private CamelContext context;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void bothPathFormsGiveTheDevicePath() {
        assertEquals("/dev/ttyS0", endpoint("serial:/dev/ttyS0").getPort());
        assertEquals("/dev/pts/3", endpoint("serial:///dev/pts/3?baudRate=115200").getPort());
        assertEquals("/dev/serial/by-id/usb-FTDI_FT232R-if00-port0",
                endpoint("serial:/dev/serial/by-id/usb-FTDI_FT232R-if00-port0").getPort());
        assertEquals("/dev/serial/by-path/pci-0000:00:14.0-usb-0:1.2:1.0-port0",
                endpoint("serial:/dev/serial/by-path/pci-0000:00:14.0-usb-0:1.2:1.0-port0?baudRate=2400").getPort());
        assertEquals("COM3", endpoint("serial:COM3").getPort());
        assertTrue(context.getComponent("serial") instanceof SerialComponent, "found via META-INF/services");
    }

    @Test
    void defaults() {
        SerialConfiguration c = endpoint("serial:/dev/ttyUSB0").getConfiguration();
        assertEquals(9600, c.getBaudRate());
        assertEquals(8, c.getDataBits());
        assertEquals(Parity.NONE, c.getParity());
        assertEquals("1", c.getStopBits());
        assertEquals(FlowControl.NONE, c.getFlowControl());
        assertEquals(Framing.LINE, c.getFraming());
        assertEquals(Delimiter.ANY, c.getDelimiter());
        assertTrue(c.isIncludeDelimiter());
        assertEquals(65536, c.getMaxFrameBytes());
        assertEquals(1000, c.getReconnectDelayMs());
        assertEquals(30000, c.getMaxReconnectDelayMs());
    }

    @Test
    void uriOptionsAreApplied() {
        SerialEndpoint e = endpoint("serial:/dev/ttyUSB1?baudRate=115200&dataBits=7&parity=even&stopBits=1.5"
                + "&flowControl=rtscts&framing=fixed&fixedLength=80&delimiter=LF&includeDelimiter=false"
                + "&idleGapMs=50&maxFrameIdleMs=0&maxFrameBytes=1024&reconnectDelayMs=10&maxReconnectDelayMs=20"
                + "&lazyStartProducer=true");
        SerialConfiguration c = e.getConfiguration();
        assertEquals(115200, c.getBaudRate());
        assertEquals(7, c.getDataBits());
        assertEquals(Parity.EVEN, c.getParity());
        assertEquals("1.5", c.getStopBits());
        assertEquals(FlowControl.RTSCTS, c.getFlowControl());
        assertEquals(Framing.FIXED, c.getFraming());
        assertEquals(80, c.getFixedLength());
        assertEquals(Delimiter.LF, c.getDelimiter());
        assertFalse(c.isIncludeDelimiter());
        assertEquals(50, c.getIdleGapMs());
        assertEquals(0, c.getMaxFrameIdleMs());
        assertEquals(1024, c.getMaxFrameBytes());
        assertEquals(10, c.getReconnectDelayMs());
        assertEquals(20, c.getMaxReconnectDelayMs());
        assertTrue(e.isLazyStartProducer(), "endpoint options still bind to the endpoint");
        assertEquals("115200 7E1.5 rtscts", c.describe());
    }

    @Test
    void endpointsDoNotShareConfiguration() {
        SerialEndpoint a = endpoint("serial:/dev/ttyA?baudRate=19200");
        SerialEndpoint b = endpoint("serial:/dev/ttyB");
        assertEquals(19200, a.getConfiguration().getBaudRate());
        assertEquals(9600, b.getConfiguration().getBaudRate());
    }

    @Test
    void portFactoryCanBeInjected() {
        SerialPortIo.Factory fake = new FakeSerialLine().factory();
        context.getRegistry().bind("fakePorts", fake);
        assertSame(fake, endpoint("serial:/dev/ttyS9?portFactory=#fakePorts").getPortFactory());
    }

    @Test
    void badSettingsFailAtEndpointCreation() {
        assertRejected("serial:/dev/ttyS0?framing=fixed", "fixedLength");
        assertRejected("serial:/dev/ttyS0?stopBits=3", "stopBits");
        assertRejected("serial:/dev/ttyS0?dataBits=9", "dataBits");
        assertRejected("serial:/dev/ttyS0?parity=sometimes", "parity");
        assertRejected("serial:/dev/ttyS0?baudrat=9600", "baudrat");
        assertRejected("serial:/dev/ttyS0?reconnectDelayMs=5000&maxReconnectDelayMs=100", "reconnectDelayMs");
    }

    private void assertRejected(String uri, String mention) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
        String text = e.getMessage() + (e.getCause() == null ? "" : " / " + e.getCause().getMessage());
        assertTrue(text.contains(mention), text);
    }

    private SerialEndpoint endpoint(String uri) {
        return (SerialEndpoint) context.getEndpoint(uri);
    }
}
