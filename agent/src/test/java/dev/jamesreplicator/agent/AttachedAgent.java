package dev.jamesreplicator.agent;

import java.lang.instrument.Instrumentation;

import net.bytebuddy.agent.ByteBuddyAgent;

/** The agent attached to the test JVM, as -javaagent attaches it to James's. */
final class AttachedAgent {
    private AttachedAgent() {
    }

    static Instrumentation install() {
        Instrumentation instrumentation = ByteBuddyAgent.install();
        ReplicatorAgent.install(instrumentation);
        return instrumentation;
    }
}
