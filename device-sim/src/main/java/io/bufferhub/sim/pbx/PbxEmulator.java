package io.bufferhub.sim.pbx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.bufferhub.sim.smdr.AvayaSmdrGenerator;

/**
 * A phone system printing one SMDR record per call at a set rate into a serial port (a pty path) or a TCP
 * connection. It keeps every byte it wrote, so end-to-end tests can check the hub stored exactly that.
 * A write that fails (port closed, connection gone) is retried with the same line: the PBX keeps its record.
 */
public final class PbxEmulator implements AutoCloseable {

    private final PbxFormat format;
    private final AvayaSmdrGenerator calls;
    private final PbxOutput output;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final AtomicLong lines = new AtomicLong();
    private ScheduledExecutorService timer;
    private byte[] pending;

    public PbxEmulator(PbxFormat format, long seed, PbxOutput output) {
        this.format = format;
        this.calls = new AvayaSmdrGenerator(seed, LocalDateTime.of(2026, 11, 2, 8, 0));
        this.output = output;
    }

    /** Writes {@code n} records now; returns the bytes written by this call. */
    public synchronized byte[] writeLines(int n) throws IOException {
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            if (pending == null) {
                pending = (format.render(calls.nextLine()) + AvayaSmdrGenerator.LINE_END).getBytes(StandardCharsets.US_ASCII);
            }
            OutputStream out = output.stream();
            out.write(pending);
            out.flush();
            written.write(pending);
            chunk.write(pending);
            pending = null;
            lines.incrementAndGet();
        }
        return chunk.toByteArray();
    }

    /** Starts writing {@code perSecond} records a second in the background until {@link #close()}. */
    public void start(double perSecond) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "pbx-" + format));
        long periodMicros = Math.max(1, (long) (1_000_000 / perSecond));
        timer.scheduleAtFixedRate(() -> {
            try {
                writeLines(1);
            } catch (IOException e) {
                output.reset(); // port closed or connection lost: the line is written again next tick
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            timer = null;
        }
    }

    /** Reopens the output (the cable was replugged: the old port is gone even if writes to it did not fail). */
    public void reopen() {
        output.reset();
    }

    public long linesWritten() {
        return lines.get();
    }

    /** Every byte written so far, in order. */
    public synchronized byte[] written() {
        return written.toByteArray();
    }

    @Override
    public void close() throws Exception {
        stop();
        output.close();
    }
}
