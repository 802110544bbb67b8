package io.bufferhub.device.agent;

import java.util.List;

import io.bufferhub.common.Commands;

/**
 * The payload of a {@code command} update as the agent carries it out: any of the three forms
 * ({@link Commands}), naming a command it knows; anything else is refused with the reason, which the agent
 * reports as {@code rejected}.
 */
final class CommandPayload {

    static final List<String> KNOWN = Commands.KNOWN;

    private CommandPayload() {
    }

    /**
     * The command's name, one of {@link #KNOWN}.
     *
     * @throws IllegalArgumentException with a detail naming what is wrong with the payload
     */
    static String name(byte[] payload) {
        return Commands.knownName(payload);
    }
}
