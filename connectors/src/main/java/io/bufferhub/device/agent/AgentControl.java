package io.bufferhub.device.agent;

import java.nio.file.Path;

/**
 * What the program that started the agent lets central updates do to it: restart it, and tell where its
 * settings file is. {@code bin/bufferhub device} runs the agent under a supervisor (a restart is a new JVM,
 * which is what a firmware swap needs, and the supervisor rolls back an update that never checks in). Bound in
 * the registry as {@value #BEAN}; an embedded agent without one keeps its settings and firmware unchanged.
 */
public interface AgentControl {

    String BEAN = "agentControl";

    /** The agent's settings file, which a {@code config} update replaces. */
    Path configFile();

    /** True when a supervisor restarts the agent in a new JVM and can roll an update back. */
    boolean supervised();

    /** Ends this run so the agent starts again; returns at once (the caller's report is already sent). */
    void restart(String reason);
}
