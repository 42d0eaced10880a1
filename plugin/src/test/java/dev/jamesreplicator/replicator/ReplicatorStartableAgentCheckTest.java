package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.junit.jupiter.api.Test;

/** The start-up refusals; this JVM runs without the agent, so no hook has applied. */
class ReplicatorStartableAgentCheckTest {

    @Test
    void withoutTheAgentStartUpIsRefused() {
        assertThatThrownBy(ReplicatorStartable.AgentCheck::requireAgent)
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("-javaagent");
    }

    @Test
    void aBackendWhoseHooksDidNotApplyIsRefusedNamingTheBackendAndTheHooks() {
        assertThatThrownBy(() -> ReplicatorStartable.AgentCheck.requireBackendHooks(InMemoryMailboxManager.class))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("memory backend")
            .hasMessageContaining("MailboxCreateInstrumentation")
            .hasMessageContaining("UidProviderInstrumentation");
    }

    @Test
    void anUnsupportedBackendIsRefusedNamingItsMailboxManager() {
        assertThatThrownBy(() -> ReplicatorStartable.AgentCheck.requireBackendHooks(StoreMailboxManager.class))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("does not support")
            .hasMessageContaining(StoreMailboxManager.class.getName());
    }
}
