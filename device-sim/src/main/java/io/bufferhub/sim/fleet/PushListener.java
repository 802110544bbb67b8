package io.bufferhub.sim.fleet;

/** Told of every answered push of a new or retried batch (not of fault probes); the benchmark times them. */
@FunctionalInterface
public interface PushListener {

    PushListener NONE = (serial, seq, status, nanos) -> { };

    /** @param nanos from the start of the request until the answer was read */
    void answered(String serial, long seq, int status, long nanos);
}
