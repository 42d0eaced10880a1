package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.BackendHooks;
import dev.jamesreplicator.pin.BackendHooks.Backend;

/** What the plugin asks before it starts: which backend James runs, and whether its hooks all applied. */
class BackendHooksTest {

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    void eachBackendNeedsHooksTheAgentHas() {
        var agentHooks = ReplicatorAgent.hooks().stream().map(JamesInstrumentation::hookName).collect(Collectors.toSet());
        for (Backend backend : Backend.values()) {
            assertThat(agentHooks).as(backend.label()).containsAll(backend.requiredHooks());
        }
        assertThat(Backend.JPA.requiredHooks()).as("JPA guesses threads without a search")
            .doesNotContain("ThreadGuessInstrumentation", "MessageStoreInstrumentation");
    }

    @Test
    void theBackendIsKnownByJamessMailboxManagerOrAClassExtendingIt() {
        // As a server's own wiring might extend James's manager; never built. A local class, so that
        // JUnit does not load James's classes before the agent is attached (a class loaded during a
        // retransformation is never transformed).
        abstract class CustomisedJpaManager extends OpenJPAMailboxManager {
            CustomisedJpaManager() {
                super(null, null, null, null, null, null, null, null, null, null, null);
            }
        }
        assertThat(BackendHooks.detect(InMemoryMailboxManager.class)).contains(Backend.MEMORY);
        assertThat(BackendHooks.detect(OpenJPAMailboxManager.class)).contains(Backend.JPA);
        assertThat(BackendHooks.detect(CustomisedJpaManager.class)).contains(Backend.JPA);
        assertThat(BackendHooks.detect(StoreMailboxManager.class)).isEmpty();
    }

    @Test
    void anotherBackendIsNamedAsUnsupported() {
        assertThat(BackendHooks.problem(StoreMailboxManager.class)).hasValueSatisfying(problem -> assertThat(problem)
            .contains("does not support").contains(StoreMailboxManager.class.getName())
            .contains("memory (InMemoryMailboxManager)").contains("jpa (OpenJPAMailboxManager)"));
    }

    /** Whether or not James has loaded their classes yet: the check loads them, and the agent rewrites them then. */
    @Test
    void withTheAgentEveryHookOfBothBackendsApplies() {
        for (Backend backend : Backend.values()) {
            assertThat(BackendHooks.missingHooks(backend, getClass().getClassLoader())).as(backend.label()).isEmpty();
        }
        assertThat(BackendHooks.problem(InMemoryMailboxManager.class)).isEmpty();
        assertThat(BackendHooks.problem(OpenJPAMailboxManager.class)).isEmpty();
        assertThat(ReplicatorAgent.appliedHooks()).containsAll(Backend.JPA.requiredHooks());
    }

}
