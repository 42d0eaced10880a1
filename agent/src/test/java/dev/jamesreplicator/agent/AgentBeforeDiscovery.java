package dev.jamesreplicator.agent;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Attaches the agent when the test JVM's JUnit session opens, before discovery loads a single
 * test class, as -javaagent attaches it before James loads anything. Attached later, the hooks
 * of James classes that discovery or an earlier test had loaded depend on retransformation, and
 * a class loaded while a retransformation runs is never transformed: which hooks applied then
 * changed from run to run. Only where the build asks for it ({@code jamesreplicator.agentFirst}):
 * the plugin's tests that must run without the agent share this test jar.
 */
public final class AgentBeforeDiscovery implements LauncherSessionListener {
    static final String PROPERTY = "jamesreplicator.agentFirst";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.getBoolean(PROPERTY)) {
            AttachedAgent.install();
        }
    }
}
