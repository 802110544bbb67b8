package io.bufferhub.cli;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/**
 * The {@code camel} command without JBang or the Camel launcher: {@code CamelJBangMain} is the CLI's entry point
 * but has no {@code main} method (JBang and the launcher call it), so this class is that {@code main}.
 * {@code bin/bufferhub camel ARGS} is {@code camel ARGS}. It exits the JVM with the command's exit code.
 */
public final class CamelCli {

    private CamelCli() {
    }

    public static void main(String[] args) {
        CamelJBangMain.run(args);
    }
}
