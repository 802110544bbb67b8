package io.bufferhub.device.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;

/**
 * {@link SerialPortIo} on jSerialComm. jSerialComm reports failure as {@code false}/{@code -1} and keeps the
 * OS error aside ({@link SerialPort#getLastErrorCode()} = errno, {@link SerialPort#getLastErrorLocation()} =
 * line in its native code); here every such failure becomes an {@link IOException} whose text names the
 * operation, the path and that OS error, because "could not open" alone is useless to an operator on site.
 * <p>
 * A new {@link SerialPort} is made on every {@link #open}: jSerialComm resolves symlinks (e.g. a udev
 * by-id link or a socat pty link) when the object is created, and a re-plugged adapter may come back as a
 * different device node behind the same link.
 */
public final class JSerialCommPort implements SerialPortIo {

    /** Common Linux errno values an operator meets on serial ports, with the usual cause. */
    private static final Map<Integer, String> ERRNO = Map.of(
            2, "ENOENT: no such device",
            5, "EIO: I/O error, device gone",
            6, "ENXIO: no such device or address",
            13, "EACCES: permission denied (is the user in the dialout group?)",
            16, "EBUSY: device busy (another program has it open)",
            19, "ENODEV: no such device",
            25, "ENOTTY: not a serial device");

    /** How often an idle read checks that the device node still exists (a fallback to EIO detection). */
    private static final long PRESENCE_CHECK_MS = 1000;

    private final String path;
    private volatile SerialPort port;
    private int readTimeoutMs = -1;
    private long lastPresenceCheck;
    private String settings = "";

    public JSerialCommPort(String path) {
        this.path = path;
    }

    @Override
    public synchronized void open(SerialConfiguration cfg) throws IOException {
        close();
        SerialPort p;
        try {
            p = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("cannot open serial port " + path + ": no such device (jSerialComm: invalid port descriptor)", e);
        }
        settings = cfg.describe();
        readTimeoutMs = 100;
        check(p, p.setComPortParameters(cfg.getBaudRate(), cfg.getDataBits(), stopBits(cfg.getStopBits()),
                parity(cfg.getParity())), "set line parameters " + settings);
        check(p, p.setFlowControl(flow(cfg.getFlowControl())), "set flow control " + cfg.getFlowControl());
        // write timeouts exist only on Windows in jSerialComm; elsewhere a write blocks while flow control holds it
        check(p, p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                readTimeoutMs, 0), "set timeouts");
        check(p, p.openPort(), "open");
        port = p;
    }

    @Override
    public int read(byte[] buf, int timeoutMs) throws IOException {
        SerialPort p = port;
        if (p == null || !p.isOpen()) {
            return -1;
        }
        if (timeoutMs != readTimeoutMs) {
            check(p, p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    timeoutMs, 0), "set read timeout");
            readTimeoutMs = timeoutMs;
        }
        int n = p.readBytes(buf, buf.length);
        if (n < 0) {
            return -1;
        }
        if (n == 0 && path.startsWith("/")) {
            long now = System.currentTimeMillis();
            if (now - lastPresenceCheck >= PRESENCE_CHECK_MS) {
                lastPresenceCheck = now;
                if (!Files.exists(Path.of(path))) {
                    return -1;
                }
            }
        }
        return n;
    }

    @Override
    public void write(byte[] data) throws IOException {
        SerialPort p = port;
        if (p == null || !p.isOpen()) {
            throw new IOException("serial port " + path + " is not open");
        }
        int off = 0;
        while (off < data.length) {
            int n = p.writeBytes(data, data.length - off, off);
            if (n <= 0) { // 0: nothing accepted, on POSIX a dead device rather than a timeout
                throw failure(p, "write " + (data.length - off) + " of " + data.length + " bytes to");
            }
            off += n;
        }
    }

    @Override
    public boolean isOpen() {
        SerialPort p = port;
        return p != null && p.isOpen();
    }

    @Override
    public synchronized void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
    }

    @Override
    public String describe() {
        return path + (settings.isEmpty() ? "" : " (" + settings + ")");
    }

    private void check(SerialPort p, boolean ok, String operation) throws IOException {
        if (!ok) {
            IOException e = failure(p, operation);
            if (p.isOpen()) {
                p.closePort();
            }
            throw e;
        }
    }

    private IOException failure(SerialPort p, String operation) {
        return new IOException(message(operation, path, p.getLastErrorCode(), p.getLastErrorLocation()));
    }

    /** The text of a jSerialComm failure; package-private so the wording is tested without hardware. */
    static String message(String operation, String path, int errorCode, int errorLocation) {
        String os = ERRNO.getOrDefault(errorCode, "errno " + errorCode);
        return "cannot " + operation + " serial port " + path + ": OS error " + errorCode + " (" + os
                + ") at jSerialComm native line " + errorLocation;
    }

    static int stopBits(String stopBits) {
        return switch (stopBits) {
            case "1.5" -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
            case "2" -> SerialPort.TWO_STOP_BITS;
            default -> SerialPort.ONE_STOP_BIT;
        };
    }

    static int parity(SerialConfiguration.Parity parity) {
        return switch (parity) {
            case ODD -> SerialPort.ODD_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case MARK -> SerialPort.MARK_PARITY;
            case SPACE -> SerialPort.SPACE_PARITY;
            case NONE -> SerialPort.NO_PARITY;
        };
    }

    static int flow(SerialConfiguration.FlowControl flow) {
        return switch (flow) {
            case RTSCTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
            case XONXOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
        };
    }
}
