package io.bufferhub.device.serial;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code serial:} component: {@code serial:/dev/ttyUSB0?baudRate=9600} or {@code serial:///dev/pts/3}.
 * <p>
 * Options are bound by Camel's reflection property binding (no generated configurers): first onto the
 * endpoint's {@link SerialConfiguration} (line settings, framing, reconnect), then onto the endpoint itself
 * (Camel's standard options and {@code portFactory}); whatever is left is reported as an unknown option.
 */
@Component("serial")
public class SerialComponent extends DefaultComponent {

    @Metadata(description = "Default settings for all serial endpoints; URI options override a copy")
    private SerialConfiguration configuration = new SerialConfiguration();

    @Metadata(label = "advanced", description = "Creates the port objects; replace to use other serial hardware or a fake")
    private SerialPortIo.Factory portFactory = JSerialCommPort::new;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        String port = portPath(remaining);
        if (port.isEmpty()) {
            throw new IllegalArgumentException("serial: a port path is required, e.g. serial:/dev/ttyUSB0");
        }
        SerialConfiguration cfg = configuration.copy();
        SerialEndpoint endpoint = new SerialEndpoint(uri, this, port, cfg);
        endpoint.setPortFactory(portFactory);
        setProperties(cfg, parameters);
        setProperties(endpoint, parameters);
        cfg.validate();
        return endpoint;
    }

    /** {@code ///dev/pts/3} and {@code /dev/pts/3} both mean /dev/pts/3; {@code COM3} stays as it is. */
    static String portPath(String remaining) {
        String p = remaining == null ? "" : remaining.trim();
        while (p.startsWith("//")) {
            p = p.substring(1);
        }
        return p;
    }

    public SerialConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(SerialConfiguration configuration) {
        this.configuration = configuration;
    }

    public SerialPortIo.Factory getPortFactory() {
        return portFactory;
    }

    public void setPortFactory(SerialPortIo.Factory portFactory) {
        this.portFactory = portFactory;
    }
}
