package io.bufferhub.sim.smdr;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Avaya IP Office SMDR records (CDR-FORMATS.md): the 35-field CSV of current releases, one record per call,
 * CR LF line ends. Everything comes from the seed, so a test or a benchmark can regenerate exactly the bytes a
 * simulated device sent. Calls arrive as a Poisson stream that is busy on weekday office hours and quiet at
 * night and at weekends; the Call ID goes up by one per record, as on a PBX between restarts.
 *
 * <p>The call kinds and their shares are described by {@link CallMix}; {@link #counts()} tells what was made.
 * Not thread-safe: one generator per simulated PBX.
 */
public final class AvayaSmdrGenerator {

    public static final String LINE_END = "\r\n";
    /** Fields per record: 17 base fields, 10 charging fields, 8 of later releases. */
    public static final int FIELDS = 35;
    public static final DateTimeFormatter CALL_START = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    /** IP Office numbers calls from 1000000 after a restart. */
    public static final long FIRST_CALL_ID = 1_000_000L;

    private final SplittableRandom rnd;
    private final PbxSite site;
    private final CallMix[] kinds = CallMix.values();
    private final double[] cumulativeShare = new double[kinds.length];
    private final EnumMap<CallMix, Long> counts = new EnumMap<>(CallMix.class);
    private LocalDateTime clock;
    private long nextCallId = FIRST_CALL_ID;
    private long nextUniqueId = 100;

    /** One call leg before formatting; names follow the SMDR field names. */
    private record Call(String caller, char direction, String called, String dialled, String account,
                        boolean internal, String party1Device, String party1Name, String party2Device,
                        String party2Name, int ring, int connected, int hold, int park) {
    }

    public AvayaSmdrGenerator(long seed, LocalDateTime start) {
        this(seed, start, CallMix.DEFAULT_EMERGENCY_RATE);
    }

    public AvayaSmdrGenerator(long seed, LocalDateTime start, double emergencyRate) {
        this(seed, start, CallMix.shares(emergencyRate));
    }

    /** @param shares share of each kind (missing kinds never happen); normalised to sum to 1 */
    public AvayaSmdrGenerator(long seed, LocalDateTime start, Map<CallMix, Double> shares) {
        this.rnd = new SplittableRandom(seed);
        this.site = new PbxSite(rnd.split());
        this.clock = start.withNano(0);
        double total = shares.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("call mix shares must add up to more than 0");
        }
        double sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum += shares.getOrDefault(kinds[i], 0.0) / total;
            cumulativeShare[i] = sum;
            counts.put(kinds[i], 0L);
        }
    }

    /** The next record, without its line end. */
    public String nextLine() {
        clock = clock.plusSeconds(nextGapSeconds());
        CallMix kind = pickKind();
        counts.merge(kind, 1L, Long::sum);
        return format(call(kind));
    }

    /** {@code lines} records, each ending in CR LF, as US-ASCII bytes ready to push. */
    public byte[] batch(int lines) {
        StringBuilder sb = new StringBuilder(lines * 200);
        for (int i = 0; i < lines; i++) {
            sb.append(nextLine()).append(LINE_END);
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** How many records of each kind were made so far. */
    public Map<CallMix, Long> counts() {
        return new EnumMap<>(counts);
    }

    /** The start time of the latest call (the PBX's local wall clock). */
    public LocalDateTime clock() {
        return clock;
    }

    /** Seconds of an SMDR {@code HH:MM:SS} duration. */
    public static int seconds(String hhmmss) {
        String[] p = hhmmss.split(":");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2]);
    }

    private CallMix pickKind() {
        double u = rnd.nextDouble();
        for (int i = 0; i < kinds.length; i++) {
            if (u < cumulativeShare[i]) {
                return kinds[i];
            }
        }
        return kinds[kinds.length - 1];
    }

    /** Mean seconds between calls: busy in office hours, quiet at night and at weekends. */
    private long nextGapSeconds() {
        int hour = clock.getHour();
        boolean weekend = clock.getDayOfWeek() == DayOfWeek.SATURDAY || clock.getDayOfWeek() == DayOfWeek.SUNDAY;
        double mean;
        if (hour >= 8 && hour < 18) {
            mean = weekend ? 120 : 12;
        } else if (hour >= 7 && hour < 20) {
            mean = weekend ? 300 : 45;
        } else {
            mean = weekend ? 900 : 300;
        }
        return Math.max(1, Math.round(exponential(mean)));
    }

    private Call call(CallMix kind) {
        int ext = site.pickExtension(rnd);
        return switch (kind) {
            case INTERNAL -> internal(ext);
            case INCOMING -> incoming(ext);
            case OUTGOING_LOCAL -> outgoing(ext, DialPlan.local(rnd), duration(15, 180, 1790));
            case OUTGOING_NATIONAL -> outgoing(ext, DialPlan.national(rnd), duration(15, 240, 1790));
            case INTERNATIONAL -> outgoing(ext, DialPlan.international(rnd), duration(30, 400, 1790));
            case LONG -> outgoing(ext, DialPlan.national(rnd), duration(CallMix.LONG_CALL_SECONDS + 1, 1200, 7199));
            case EMERGENCY -> outgoing(ext, DialPlan.emergency(rnd), duration(60, 240, 1700));
        };
    }

    private Call internal(int ext) {
        int other = site.pickOtherExtension(rnd, ext);
        String called = Integer.toString(site.extensions[other]);
        return new Call(Integer.toString(site.extensions[ext]), 'O', called, called, "", true,
                "E" + site.extensions[ext], site.names[ext], "E" + site.extensions[other], site.names[other],
                1 + rnd.nextInt(10), duration(5, 90, 1700), holdSeconds(), 0);
    }

    private Call incoming(int ext) {
        String ddi = Integer.toString(site.extensions[ext]);
        int line = 1 + rnd.nextInt(site.trunkLines);
        String party1Device = "E" + site.extensions[ext];
        String party1Name = site.names[ext];
        int ring = 1 + rnd.nextInt(20);
        int connected = duration(15, 200, 1790);
        int roll = rnd.nextInt(100);
        if (roll < 5) { // nobody answered
            ring = 20 + rnd.nextInt(21);
            connected = 0;
        } else if (roll < 20) { // left a message
            int channel = 1 + rnd.nextInt(site.voicemailChannels);
            party1Device = "V" + (8000 + channel);
            party1Name = "VM Channel " + channel;
            connected = duration(8, 30, 180);
        }
        return new Call(DialPlan.callerId(rnd), 'I', ddi, ddi, "", false, party1Device, party1Name,
                "T" + (9000 + line), "Line " + line + "." + (1 + rnd.nextInt(30)), ring, connected,
                connected == 0 ? 0 : holdSeconds(), connected == 0 ? 0 : parkSeconds());
    }

    private Call outgoing(int ext, DialPlan.Dialled number, int connected) {
        int line = 1 + rnd.nextInt(site.trunkLines);
        String account = rnd.nextInt(100) < 3 ? Integer.toString(1000 + rnd.nextInt(9000)) : "";
        return new Call(Integer.toString(site.extensions[ext]), 'O', number.called(), number.dialled(), account,
                false, "E" + site.extensions[ext], site.names[ext], "T" + (9000 + line),
                "Line " + line + "." + (1 + rnd.nextInt(30)), 3 + rnd.nextInt(23), connected, holdSeconds(),
                parkSeconds());
    }

    private int holdSeconds() {
        return rnd.nextInt(10) == 0 ? 5 + rnd.nextInt(116) : 0;
    }

    private int parkSeconds() {
        return rnd.nextInt(100) == 0 ? 10 + rnd.nextInt(81) : 0;
    }

    /** {@code min} plus an exponential tail of mean {@code mean}, never above {@code max}. */
    private int duration(int min, double mean, int max) {
        return (int) Math.min(max, min + Math.ceil(exponential(mean)));
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - rnd.nextDouble());
    }

    private String format(Call c) {
        long callId = nextCallId++;
        long uniqueCaller = nextUniqueId++;
        long uniqueCalled = nextUniqueId++;
        LocalDateTime end = clock.plusSeconds((long) c.ring() + c.connected() + c.hold() + c.park());
        StringBuilder sb = new StringBuilder(220);
        sb.append(CALL_START.format(clock)).append(',')
                .append(hhmmss(c.connected())).append(',')
                .append(c.ring()).append(',')
                .append(c.caller()).append(',')
                .append(c.direction()).append(',')
                .append(c.called()).append(',')
                .append(c.dialled()).append(',')
                .append(c.account()).append(',')
                .append(c.internal() ? '1' : '0').append(',')
                .append(callId).append(',')
                .append('0').append(',') // continuation: one record per call
                .append(c.party1Device()).append(',')
                .append(c.party1Name()).append(',')
                .append(c.party2Device()).append(',')
                .append(c.party2Name()).append(',')
                .append(c.hold()).append(',')
                .append(c.park()).append(',');
        // AuthValid, AuthCode, User Charged, Call Charge, Currency, Amount at Last User Change, Call Units,
        // Units at Last User Change, Cost per Unit, Mark Up: no call logging of costs on this site
        sb.append("0,n/a,,0,,0.00,0,0,0,100,");
        // External Targeting Cause, Targeter Id, Targeted Number: not forwarded by a mobile twin or rule
        sb.append(",,,");
        sb.append(site.serverAddress).append(',').append(uniqueCaller).append(',')
                .append(site.serverAddress).append(',').append(uniqueCalled).append(',')
                .append(CALL_START.format(end));
        return sb.toString();
    }

    private static String hhmmss(int seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
