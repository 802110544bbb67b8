package io.bufferhub.hub.redirect;

/**
 * How a pool rule spreads devices over its targets (PROTOCOL.md §6, §9). The wire names are the protocol's; the
 * algorithms behind them are in {@link TargetPool}.
 */
public enum Spread {

    /** Each request goes to the next target of the pool, per hub node. */
    ROUND_ROBIN("round-robin"),
    /** Sticky: a device always gets the same target, on every node and across restarts. */
    HASH("hash"),
    /** Deterministic shares proportional to {@code weights}, per hub node. */
    WEIGHTED("weighted");

    private final String wire;

    Spread(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The spread with this wire name, or null when there is none. */
    public static Spread of(String wire) {
        for (Spread s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
