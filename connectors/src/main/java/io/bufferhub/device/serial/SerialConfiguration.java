package io.bufferhub.device.serial;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Line settings and framing of a {@code serial:} endpoint. Plain getters/setters so Camel's reflection-based
 * property binding applies URI options without generated configurers; {@link #validate()} rejects
 * combinations that would capture nothing or garbage, so a typo fails at route start, not at 3 a.m.
 */
@UriParams
public class SerialConfiguration implements Cloneable {

    /** Parity bit of each character. */
    public enum Parity { NONE, ODD, EVEN, MARK, SPACE }

    /** Hardware (RTS/CTS) or software (XON/XOFF) handshake, or none (most PBX printer ports). */
    public enum FlowControl { NONE, RTSCTS, XONXOFF }

    /** How the byte stream is cut into frames (one exchange each). */
    public enum Framing { LINE, FIXED, IDLE }

    /** Which bytes end a line for framing=line. */
    public enum Delimiter { CRLF, LF, CR, ANY }

    /** Line speed in bit/s, as configured on the PBX's CDR port. */
    @UriParam(defaultValue = "9600")
    private int baudRate = 9600;
    /** Data bits per character: 5, 6, 7 or 8. */
    @UriParam(defaultValue = "8", enums = "5,6,7,8")
    private int dataBits = 8;
    /** Parity: none, odd, even, mark or space. */
    @UriParam(defaultValue = "none", enums = "none,odd,even,mark,space")
    private Parity parity = Parity.NONE;
    /** Stop bits: 1, 1.5 or 2. */
    @UriParam(defaultValue = "1", enums = "1,1.5,2")
    private String stopBits = "1";
    /** Flow control: none, rtscts or xonxoff. */
    @UriParam(defaultValue = "none", enums = "none,rtscts,xonxoff")
    private FlowControl flowControl = FlowControl.NONE;
    /**
     * Frame boundaries: line (at a delimiter), fixed (every fixedLength bytes) or idle (when the line has
     * been quiet for idleGapMs, for PBXs that print blocks without reliable line ends).
     */
    @UriParam(label = "consumer", defaultValue = "line", enums = "line,fixed,idle")
    private Framing framing = Framing.LINE;
    /**
     * Line delimiter for framing=line: CRLF, LF, CR or ANY. ANY ends a frame at LF (taking a preceding CR
     * with it), or at a CR not followed by LF within idleGapMs, so mixed-convention PBXs frame sensibly.
     */
    @UriParam(label = "consumer", defaultValue = "ANY", enums = "CRLF,LF,CR,ANY")
    private Delimiter delimiter = Delimiter.ANY;
    /**
     * Keep the delimiter in the frame body. Default true: frames are exactly the bytes the port produced,
     * so concatenating all frames reproduces the stream byte for byte (what a capture device must store).
     * With false, delimiters are stripped and empty lines are not emitted.
     */
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean includeDelimiter = true;
    /** Frame size in bytes for framing=fixed (required there, ignored otherwise). */
    @UriParam(label = "consumer")
    private int fixedLength;
    /**
     * Quiet time in ms that ends a frame for framing=idle; also how long delimiter=ANY waits after a CR for
     * a possible LF.
     */
    @UriParam(label = "consumer", defaultValue = "200")
    private long idleGapMs = 200;
    /**
     * A partial line (framing=line) or partial record (framing=fixed) is emitted once no byte has arrived
     * for this many ms, so the last record of a burst is not held in memory indefinitely; 0 = never.
     */
    @UriParam(label = "consumer", defaultValue = "5000")
    private long maxFrameIdleMs = 5000;
    /** Longest frame in bytes; a longer run without a frame end is emitted anyway (no byte is ever dropped). */
    @UriParam(label = "consumer", defaultValue = "65536")
    private int maxFrameBytes = 65536;
    /** First delay in ms before reopening a port that vanished or could not be opened. */
    @UriParam(defaultValue = "1000")
    private long reconnectDelayMs = 1000;
    /** Upper bound in ms of the exponential reconnect backoff; retries never stop. */
    @UriParam(defaultValue = "30000")
    private long maxReconnectDelayMs = 30000;

    /**
     * @throws IllegalArgumentException naming the option when the settings cannot work
     */
    public void validate() {
        check(baudRate > 0, "baudRate must be positive, got " + baudRate);
        check(dataBits >= 5 && dataBits <= 8, "dataBits must be 5, 6, 7 or 8, got " + dataBits);
        check(stopBits.equals("1") || stopBits.equals("1.5") || stopBits.equals("2"),
                "stopBits must be 1, 1.5 or 2, got " + stopBits);
        check(parity != null && flowControl != null && framing != null && delimiter != null,
                "parity, flowControl, framing and delimiter must not be empty");
        check(framing != Framing.FIXED || fixedLength > 0, "framing=fixed needs fixedLength > 0");
        check(idleGapMs > 0, "idleGapMs must be positive, got " + idleGapMs);
        check(maxFrameIdleMs >= 0, "maxFrameIdleMs must be 0 (never) or positive, got " + maxFrameIdleMs);
        check(maxFrameBytes > 0, "maxFrameBytes must be positive, got " + maxFrameBytes);
        check(reconnectDelayMs > 0 && maxReconnectDelayMs >= reconnectDelayMs,
                "need 0 < reconnectDelayMs <= maxReconnectDelayMs, got " + reconnectDelayMs + " / " + maxReconnectDelayMs);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("serial: " + message);
        }
    }

    /** Short line-setting summary for logs, e.g. {@code 9600 8N1}. */
    public String describe() {
        return baudRate + " " + dataBits + parity.name().charAt(0) + stopBits
                + (flowControl == FlowControl.NONE ? "" : " " + flowControl.name().toLowerCase());
    }

    public SerialConfiguration copy() {
        try {
            return (SerialConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int getBaudRate() {
        return baudRate;
    }

    public void setBaudRate(int baudRate) {
        this.baudRate = baudRate;
    }

    public int getDataBits() {
        return dataBits;
    }

    public void setDataBits(int dataBits) {
        this.dataBits = dataBits;
    }

    public Parity getParity() {
        return parity;
    }

    public void setParity(Parity parity) {
        this.parity = parity;
    }

    public String getStopBits() {
        return stopBits;
    }

    public void setStopBits(String stopBits) {
        this.stopBits = stopBits == null ? null : stopBits.trim();
    }

    public FlowControl getFlowControl() {
        return flowControl;
    }

    public void setFlowControl(FlowControl flowControl) {
        this.flowControl = flowControl;
    }

    public Framing getFraming() {
        return framing;
    }

    public void setFraming(Framing framing) {
        this.framing = framing;
    }

    public Delimiter getDelimiter() {
        return delimiter;
    }

    public void setDelimiter(Delimiter delimiter) {
        this.delimiter = delimiter;
    }

    public boolean isIncludeDelimiter() {
        return includeDelimiter;
    }

    public void setIncludeDelimiter(boolean includeDelimiter) {
        this.includeDelimiter = includeDelimiter;
    }

    public int getFixedLength() {
        return fixedLength;
    }

    public void setFixedLength(int fixedLength) {
        this.fixedLength = fixedLength;
    }

    public long getIdleGapMs() {
        return idleGapMs;
    }

    public void setIdleGapMs(long idleGapMs) {
        this.idleGapMs = idleGapMs;
    }

    public long getMaxFrameIdleMs() {
        return maxFrameIdleMs;
    }

    public void setMaxFrameIdleMs(long maxFrameIdleMs) {
        this.maxFrameIdleMs = maxFrameIdleMs;
    }

    public int getMaxFrameBytes() {
        return maxFrameBytes;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public long getReconnectDelayMs() {
        return reconnectDelayMs;
    }

    public void setReconnectDelayMs(long reconnectDelayMs) {
        this.reconnectDelayMs = reconnectDelayMs;
    }

    public long getMaxReconnectDelayMs() {
        return maxReconnectDelayMs;
    }

    public void setMaxReconnectDelayMs(long maxReconnectDelayMs) {
        this.maxReconnectDelayMs = maxReconnectDelayMs;
    }
}
