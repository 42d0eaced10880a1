package dev.jamesreplicator.agent;

import java.lang.instrument.Instrumentation;

import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent attached to the test JVM, as -javaagent attaches it to James's (the JVM is started
 * with {@code -Djdk.attach.allowAttachSelf=true}). Also the plugin's, for its tests of pinned writes.
 */
public final class AttachedAgent {
    private AttachedAgent() {
    }

    public static Instrumentation install() {
        Instrumentation instrumentation = ByteBuddyAgent.install();
        ReplicatorAgent.install(instrumentation);
        return instrumentation;
    }
}
