package io.bufferhub.device.serial;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted serial line standing in for hardware: tests push chunks (what one read returns), make the
 * port vanish, refuse opens, and see what was written. {@link #factory()} is what the endpoint gets.
 */
final class FakeSerialLine {

    private static final byte[] VANISH = new byte[0];

    private final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<Long> openAttempts = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseOpens = new AtomicInteger();
    volatile boolean failWrites;
    volatile SerialConfiguration openedWith;

    SerialPortIo.Factory factory() {
        return Port::new;
    }

    /** The next read returns exactly these bytes. */
    void send(byte[] chunk) {
        incoming.add(chunk.clone());
    }

    /** The next read (after the queued chunks) finds the port gone. */
    void vanish() {
        incoming.add(VANISH);
    }

    synchronized byte[] written() {
        return written.toByteArray();
    }

    private final class Port implements SerialPortIo {
        private final String path;
        private volatile boolean open;

        Port(String path) {
            this.path = path;
        }

        @Override
        public void open(SerialConfiguration settings) throws IOException {
            openAttempts.add(System.currentTimeMillis());
            if (refuseOpens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException(JSerialCommPort.message("open", path, 2, 42));
            }
            openedWith = settings;
            open = true;
        }

        @Override
        public int read(byte[] buf, int timeoutMs) throws IOException {
            if (!open) {
                return -1;
            }
            try {
                byte[] chunk = incoming.poll(timeoutMs, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    return 0;
                }
                if (chunk == VANISH) {
                    open = false;
                    return -1;
                }
                System.arraycopy(chunk, 0, buf, 0, chunk.length);
                return chunk.length;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        @Override
        public void write(byte[] data) throws IOException {
            if (!open) {
                throw new IOException("fake port " + path + " not open");
            }
            if (failWrites) {
                open = false;
                throw new IOException(JSerialCommPort.message("write to", path, 5, 7));
            }
            synchronized (FakeSerialLine.this) {
                written.writeBytes(data);
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public String describe() {
            return "fake " + path;
        }
    }
}
