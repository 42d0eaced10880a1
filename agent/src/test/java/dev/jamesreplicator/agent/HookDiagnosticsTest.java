package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.Instrumentation;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MessageRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.pin.BackendHooks;
import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;

/** A hook that does not fit its James class says so in the log, by name. */
class HookDiagnosticsTest {
    // A James class no real hook touches.
    private static final String TARGET = "org.apache.james.mailbox.model.MailboxCounters";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getLevel() + " " + record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Instrumentation instrumentation;
    private ResettableClassFileTransformer transformer;
    private boolean printed;

    @BeforeEach
    void listen() {
        instrumentation = AttachedAgent.install();
        // The errors below are expected: capture them instead of printing their stack traces.
        printed = ReplicatorAgent.LOG.getUseParentHandlers();
        ReplicatorAgent.LOG.setUseParentHandlers(false);
        ReplicatorAgent.LOG.addHandler(capture);
    }

    @AfterEach
    void removeTestHook() {
        ReplicatorAgent.LOG.removeHandler(capture);
        ReplicatorAgent.LOG.setUseParentHandlers(printed);
        if (transformer != null) {
            transformer.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        }
    }

    @Test
    void aMethodTheHookExpectsButJamesLacksIsLoggedNamingTheHook() throws Exception {
        JamesInstrumentation hook = testHook("RenamedMethodHook",
            new MethodAdvice("countEverything()", named("countEverything"), NoAdvice.class));
        HookListener listener = new HookListener(ReplicatorAgent.LOG, List.of(hook));

        transformer = ReplicatorAgent.install(instrumentation, List.of(hook), listener);
        Class.forName(TARGET);

        assertThat(logged).anySatisfy(line -> assertThat(line)
            .startsWith("SEVERE").contains("RenamedMethodHook").contains("countEverything()").contains(TARGET));
        assertThat(listener.appliedHooks()).doesNotContain("RenamedMethodHook");
    }

    @Test
    void aHookJamesCannotTakeIsLoggedNamingTheHook() throws Exception {
        JamesInstrumentation hook = testHook("MissingFieldHook",
            new MethodAdvice("getCount()", named("getCount"), MissingFieldAdvice.class));
        HookListener listener = new HookListener(ReplicatorAgent.LOG, List.of(hook));

        transformer = ReplicatorAgent.install(instrumentation, List.of(hook), listener);
        Class.forName(TARGET);

        assertThat(logged).anySatisfy(line -> assertThat(line)
            .startsWith("SEVERE").contains("MissingFieldHook").contains(TARGET));
        assertThat(listener.appliedHooks()).doesNotContain("MissingFieldHook");
    }

    @Test
    void aMethodTheAdviceNeedsButJamesLacksIsLoggedNamingTheHook() throws Exception {
        JamesInstrumentation hook = new JamesInstrumentation() {
            @Override
            public String typeName() {
                return TARGET;
            }

            @Override
            public List<MethodAdvice> advice() {
                return List.of(new MethodAdvice("getCount()", named("getCount"), NoAdvice.class));
            }

            @Override
            public List<MethodAdvice> requiredMethods() {
                return List.of(MethodAdvice.required("static long pcGetcount(MailboxCounters)", named("pcGetcount")));
            }

            @Override
            public String hookName() {
                return "UnenhancedHook";
            }
        };
        HookListener listener = new HookListener(ReplicatorAgent.LOG, List.of(hook));

        transformer = ReplicatorAgent.install(instrumentation, List.of(hook), listener);
        Class.forName(TARGET);

        assertThat(logged).anySatisfy(line -> assertThat(line)
            .startsWith("SEVERE").contains("UnenhancedHook").contains("pcGetcount").contains(TARGET));
        assertThat(listener.appliedHooks()).doesNotContain("UnenhancedHook");
    }

    @Test
    void theRealHooksAllFitJames() throws Exception {
        InMemoryJames james = InMemoryJames.start();
        MessageManager inbox = james.createMailbox("diagnostics@example.test", "INBOX");
        MailboxSession session = james.session("diagnostics@example.test");
        TestJames.append(inbox, session, new Date(), "one");
        // James loads the flag classes the flag hook rewrites at the first flag update, whatever ran before.
        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.all(), session);

        // As the plugin checks at start: each hook's class loaded (James's domain list and the like
        // load only when Guice builds them), then applied.
        assertThat(BackendHooks.missingHooks(BackendHooks.Backend.MEMORY, james.mailboxManager().getClass().getClassLoader()))
            .isEmpty();
        assertThat(WritePins.isAgentInstalled()).isTrue();
    }

    @Test
    void theRealJpaHooksAllFitJames() throws Exception {
        TestJames james = Backend.JPA.start();
        MessageManager inbox = james.createMailbox("diagnostics@example.test", "INBOX");
        MailboxSession session = james.session("diagnostics@example.test");
        TestJames.append(inbox, session, new Date(), "one");
        inbox.setFlags(new Flags(Flags.Flag.SEEN), MessageManager.FlagsUpdateMode.ADD, MessageRange.all(), session);

        assertThat(BackendHooks.missingHooks(BackendHooks.Backend.JPA, james.mailboxManager().getClass().getClassLoader()))
            .isEmpty();
        assertThat(BackendHooks.Backend.JPA.requiredHooks()).containsExactlyInAnyOrder(
            "JpaMailboxMapperInstrumentation", "JpaMessageMapperInstrumentation", "JpaMailboxCountersInstrumentation",
            "FlagsChangedInstrumentation", "RecentResetInstrumentation", "MailboxDeletionInstrumentation",
            "NewMailHoldInstrumentation", "AnnotationUpdateInstrumentation", "RightsUpdateInstrumentation",
            "JpaDomainListInstrumentation", "JpaRecipientRewriteTableInstrumentation", "JpaMaxQuotaManagerInstrumentation",
            "UsersRepositoryInstrumentation");
    }

    private static JamesInstrumentation testHook(String name, MethodAdvice advice) {
        return new JamesInstrumentation() {
            @Override
            public String typeName() {
                return TARGET;
            }

            @Override
            public List<MethodAdvice> advice() {
                return List.of(advice);
            }

            @Override
            public String hookName() {
                return name;
            }
        };
    }

    static final class NoAdvice {
        @Advice.OnMethodEnter
        static void enter() {
        }
    }

    static final class MissingFieldAdvice {
        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("noSuchField") Object value) {
        }
    }
}
