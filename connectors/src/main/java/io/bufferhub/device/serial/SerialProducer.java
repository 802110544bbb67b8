package io.bufferhub.device.serial;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Writes the message body (as bytes) to the port. The port is opened on the first exchange, not at route
 * start, so a route whose modem or simulator link is not plugged in yet still starts. A failed open or
 * write fails that exchange (the route's error handler decides about redelivery) and closes the port; the
 * next exchange reopens it, which is how a re-plugged adapter is picked up. No automatic rewrite: a failed
 * write may have sent part of the body, and only the route knows whether repeating it is harmless.
 */
public class SerialProducer extends DefaultProducer {

    private final SerialEndpoint endpoint;
    private final SerialLink link;

    public SerialProducer(SerialEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.link = new SerialLink(endpoint.getPort(), endpoint.getPortFactory(), endpoint.getConfiguration(), false);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] body = exchange.getIn().getMandatoryBody(byte[].class);
        synchronized (link) {
            SerialPortIo io = link.open();
            try {
                io.write(body);
            } catch (IOException | RuntimeException e) {
                link.lost(e.getMessage());
                throw new IOException("write of " + body.length + " bytes to serial port " + endpoint.getPort()
                        + " failed: " + e.getMessage(), e);
            }
        }
    }

    public SerialHealth getHealth() {
        return link.health(0);
    }

    @Override
    protected void doStop() throws Exception {
        link.close();
        super.doStop();
    }
}
