package io.bufferhub.device.serial;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the port on one thread (from Camel's ExecutorServiceManager) and sends one exchange per frame.
 * <p>
 * Nothing captured may be lost, so:
 * <ul>
 * <li>a frame whose processing fails (e.g. the durable spool is momentarily full) is processed again, same
 * bytes and same sequence number, with a growing pause, until it succeeds or the consumer stops; reading
 * pauses meanwhile and new bytes wait in the OS driver buffer;</li>
 * <li>when the port vanishes, the partial frame is emitted before reconnecting;</li>
 * <li>the port is reopened forever with exponential backoff.</li>
 * </ul>
 * Processing is synchronous on the reader thread: frames reach the route in wire order.
 */
public class SerialConsumer extends DefaultConsumer implements HealthCheckAware {

    private static final Logger LOG = LoggerFactory.getLogger(SerialConsumer.class);
    private static final long RETRY_FIRST_MS = 100;
    private static final long RETRY_MAX_MS = 5000;

    private final SerialEndpoint endpoint;
    private final SerialConfiguration cfg;
    private final SerialLink link;
    private final int pollMs;
    private final AtomicLong frameSeq = new AtomicLong();
    private HealthCheck healthCheck;
    private volatile boolean running;
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);
    private ExecutorService executor;

    public SerialConsumer(SerialEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.cfg = endpoint.getConfiguration();
        this.link = new SerialLink(endpoint.getPort(), endpoint.getPortFactory(), cfg, true);
        // read timeout: short enough for idle rules to fire within ~25% of their gap and for a prompt stop
        this.pollMs = (int) Math.max(5, Math.min(100, Math.min(cfg.getIdleGapMs(),
                cfg.getMaxFrameIdleMs() > 0 ? cfg.getMaxFrameIdleMs() : Long.MAX_VALUE) / 4));
        this.healthCheck = new SerialHealthCheck("serial:" + endpoint.getPort(), this::getHealth);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        stopSignal = new CountDownLatch(1);
        executor = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newSingleThreadExecutor(this, "serial-" + endpoint.getPort());
        executor.submit(this::readLoop);
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        stopSignal.countDown();
        if (executor != null) {
            // the loop notices within one read timeout; a processor stuck longer is interrupted
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(executor, 10_000);
            executor = null;
        }
        link.close();
        super.doStop();
    }

    private void readLoop() {
        FrameAssembler frames = new FrameAssembler(cfg);
        List<SerialFrame> ready = new ArrayList<>();
        byte[] buf = new byte[4096];
        try {
            while (running) {
                SerialPortIo io;
                try {
                    io = link.open();
                } catch (IOException | RuntimeException e) {
                    pause(link.nextBackoff());
                    continue;
                }
                int n;
                String gone = "read returned -1 (device gone)";
                try {
                    n = io.read(buf, pollMs);
                } catch (IOException | RuntimeException e) {
                    n = -1;
                    gone = e.getMessage();
                }
                long now = System.nanoTime() / 1_000_000;
                if (n < 0) {
                    if (!running) {
                        break; // closed under us by doStop
                    }
                    link.lost(gone);
                    frames.flush(SerialFrame.End.DISCONNECT, ready);
                    deliver(ready);
                    pause(link.nextBackoff());
                } else {
                    if (n > 0) {
                        frames.feed(buf, 0, n, now, System.currentTimeMillis(), ready);
                    } else {
                        frames.tick(now, ready);
                    }
                    deliver(ready);
                }
            }
        } catch (Throwable t) {
            LOG.error("Serial consumer of {} failed unexpectedly; restart the route", endpoint.getPort(), t);
            link.lost("consumer failed: " + t);
        } finally {
            frames.flush(SerialFrame.End.STOP, ready);
            deliver(ready); // one attempt: the route is still up while consumers stop first
        }
    }

    private void deliver(List<SerialFrame> ready) {
        for (SerialFrame frame : ready) {
            deliver(frame, frameSeq.incrementAndGet());
        }
        ready.clear();
    }

    /** Processes one frame until it succeeds or the consumer stops; true if it was delivered. */
    boolean deliver(SerialFrame frame, long seq) {
        long wait = RETRY_FIRST_MS;
        for (int attempt = 1; ; attempt++) {
            Exchange exchange = createExchange(false);
            exchange.getIn().setBody(frame.data());
            exchange.getIn().setHeader(SerialConstants.PORT, endpoint.getPort());
            exchange.getIn().setHeader(SerialConstants.CAPTURED_AT, frame.capturedAt());
            exchange.getIn().setHeader(SerialConstants.FRAME_SEQ, seq);
            exchange.getIn().setHeader(SerialConstants.FRAME_END, frame.end().name());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            Exception failure = exchange.getException();
            if (failure == null && exchange.isRollbackOnly()) { // as Camel's file consumer: rollback = not done
                failure = new IllegalStateException("exchange marked rollback-only");
            }
            releaseExchange(exchange, false);
            if (failure == null) {
                if (attempt > 1) {
                    LOG.info("Serial frame {} from {} processed after {} attempts", seq, endpoint.getPort(), attempt);
                }
                return true;
            }
            if (!running) {
                LOG.error("Serial consumer of {} stopping: frame {} ({} bytes captured at {}) was not processed",
                        endpoint.getPort(), seq, frame.data().length, frame.capturedAt(), failure);
                return false;
            }
            if (attempt == 1) {
                getExceptionHandler().handleException("Serial frame " + seq + " from " + endpoint.getPort()
                        + " not processed; retrying until it is", failure);
            } else {
                LOG.debug("Serial frame {} attempt {} failed: {}", seq, attempt, failure.toString());
            }
            pause(wait);
            wait = Math.min(RETRY_MAX_MS, wait * 2);
        }
    }

    /** Sleeps unless the consumer is stopping (so stop is never delayed by a backoff). */
    private void pause(long ms) {
        try {
            stopSignal.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    public String getLastError() {
        return link.getLastError();
    }

    public long getReconnects() {
        return link.getReconnects();
    }

    public SerialHealth getHealth() {
        return link.health(frameSeq.get());
    }

    @Override
    public HealthCheck getHealthCheck() {
        return healthCheck;
    }

    @Override
    public void setHealthCheck(HealthCheck healthCheck) {
        this.healthCheck = healthCheck;
    }
}
