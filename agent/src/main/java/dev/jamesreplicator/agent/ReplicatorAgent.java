package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.jamesreplicator.pin.BackendHooks;
import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * The {@code -javaagent} entry point: rewrites the few James classes that choose UIDVALIDITY, UID
 * and MODSEQ so that they take the values the plugin pinned (claimed through {@link WritePins}),
 * and the append path so that new mail can wait for the twin
 * ({@link dev.jamesreplicator.hold.NewMailHolds}).
 */
public final class ReplicatorAgent {
    // java.util.logging, not SLF4J: it is in the JDK, so logging from premain or from inside a class
    // transformation can neither initialise logback before James configures it nor load James's classes mid-transform.
    static final Logger LOG = Logger.getLogger("dev.jamesreplicator.agent");

    private static final AtomicReference<HookListener> INSTALLED = new AtomicReference<>();

    private ReplicatorAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        installOrLog(instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        installOrLog(instrumentation);
    }

    /**
     * Installs the hooks once per JVM (later calls do nothing), then marks the agent installed.
     * Classes James has already loaded are retransformed.
     */
    public static void install(Instrumentation instrumentation) {
        List<JamesInstrumentation> hooks = hooks();
        HookListener listener = new HookListener(LOG, hooks);
        if (!INSTALLED.compareAndSet(null, listener)) {
            return;
        }
        try {
            install(instrumentation, hooks, listener);
        } catch (RuntimeException | LinkageError e) {
            INSTALLED.set(null);
            throw e;
        }
        BackendHooks.agentInstalled(hooks.stream()
            .collect(Collectors.toMap(JamesInstrumentation::hookName, JamesInstrumentation::typeName)), listener::appliedHooks);
        WritePins.markAgentInstalled();
        LOG.info("james-replicator agent: installed " + hooks.size() + " hooks");
    }

    /** Names of the hooks that have rewritten their James class so far (a class is rewritten when James loads it). */
    public static Set<String> appliedHooks() {
        HookListener listener = INSTALLED.get();
        return listener == null ? Collections.emptySet() : listener.appliedHooks();
    }

    static List<JamesInstrumentation> hooks() {
        return List.of(
            new MailboxCreateInstrumentation(),
            new MessageAddInstrumentation(),
            new MessageStoreInstrumentation(),
            new ThreadGuessInstrumentation(),
            new UidProviderInstrumentation(),
            new ModSeqProviderInstrumentation(),
            new FlagsChangedInstrumentation(),
            new RecentResetInstrumentation(),
            new MailboxDeletionInstrumentation(),
            new NewMailHoldInstrumentation(),
            new JpaMailboxMapperInstrumentation(),
            new JpaMessageMapperInstrumentation(),
            new JpaMailboxCountersInstrumentation(),
            SieveRepositoryInstrumentation.file(),
            SieveRepositoryInstrumentation.jpa(),
            new AnnotationUpdateInstrumentation(),
            new RightsUpdateInstrumentation(),
            DomainListInstrumentation.memory(),
            DomainListInstrumentation.jpa(),
            RecipientRewriteTableInstrumentation.memory(),
            RecipientRewriteTableInstrumentation.jpa(),
            MaxQuotaManagerInstrumentation.memory(),
            MaxQuotaManagerInstrumentation.jpa(),
            new UsersRepositoryInstrumentation());
    }

    static ResettableClassFileTransformer install(Instrumentation instrumentation, List<JamesInstrumentation> hooks,
                                                  HookListener listener) {
        AgentBuilder.Ignored agent = new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with(listener.retransformationListener())
            .with(listener)
            .ignore(not(nameStartsWith("org.apache.james.mailbox.").or(nameStartsWith("org.apache.james.sieverepository."))
                .or(nameStartsWith("org.apache.james.sieve.")).or(nameStartsWith("org.apache.james.domainlist."))
                .or(nameStartsWith("org.apache.james.rrt.")).or(nameStartsWith("org.apache.james.user."))));
        AgentBuilder builder = agent;
        for (JamesInstrumentation hook : hooks) {
            builder = builder.type(named(hook.typeName())).transform(new HookTransformer(hook, listener));
        }
        return builder.installOn(instrumentation);
    }

    private static void installOrLog(Instrumentation instrumentation) {
        try {
            install(instrumentation);
        } catch (RuntimeException | LinkageError e) {
            // James must still serve mail; without the mark the replicator refuses to apply writes it cannot pin.
            LOG.log(Level.SEVERE, "james-replicator agent: not installed; replicated writes cannot be pinned", e);
        }
    }
}
