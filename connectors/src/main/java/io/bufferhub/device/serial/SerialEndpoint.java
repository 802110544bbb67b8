package io.bufferhub.device.serial;

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
 * A serial port. As a consumer it captures what a PBX prints (one exchange per frame, byte-exact); as a
 * producer it writes message bodies to the port (PBX simulator, modems).
 * <p>
 * One consumer per port: a serial device can only be read by one reader without losing bytes to the other.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "serial", title = "Serial port", syntax = "serial:port",
        category = { Category.IOT }, headersClass = SerialConstants.class)
public class SerialEndpoint extends DefaultEndpoint {

    /** Device path, e.g. /dev/ttyUSB0, /dev/serial/by-id/..., a socat pty link, or COM3 on Windows. */
    @UriPath
    @Metadata(required = true)
    private final String port;

    @UriParam
    private final SerialConfiguration configuration;

    /** Creates the port objects; replace to use other serial hardware or a fake in tests. */
    @UriParam(label = "advanced")
    private SerialPortIo.Factory portFactory = JSerialCommPort::new;

    private volatile SerialConsumer consumer;

    public SerialEndpoint(String uri, SerialComponent component, String port, SerialConfiguration configuration) {
        super(uri, component);
        this.port = port;
        this.configuration = configuration;
    }

    @Override
    public Producer createProducer() throws Exception {
        return new SerialProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SerialConsumer c = new SerialConsumer(this, processor);
        configureConsumer(c);
        consumer = c;
        return c;
    }

    /** Health of the consumer reading this port, or a "not connected" snapshot if there is none. */
    public SerialHealth getHealth() {
        SerialConsumer c = consumer;
        return c != null ? c.getHealth() : new SerialHealth(port, false, "no consumer", 0, 0, 0, 0);
    }

    public String getPort() {
        return port;
    }

    public SerialConfiguration getConfiguration() {
        return configuration;
    }

    public SerialPortIo.Factory getPortFactory() {
        return portFactory;
    }

    public void setPortFactory(SerialPortIo.Factory portFactory) {
        this.portFactory = portFactory;
    }
}
