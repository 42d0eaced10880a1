package dev.jamesreplicator.pin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which of the agent's hooks each James mailbox backend needs, and which of them have not
 * applied in this JVM: the plugin refuses to start on a backend it cannot pin.
 *
 * <p>A hook applies when James loads the class it rewrites, and some of those load only at the
 * first mail (JPA's message mapper, for one). So {@link #missingHooks} first loads each needed
 * class, without initialising it, then looks.
 */
public final class BackendHooks {
    private static volatile Map<String, String> hookTypes;
    private static volatile Supplier<Set<String>> appliedHooks = Collections::emptySet;

    /** The mailbox backends the agent pins, each known by the mailbox manager James runs. */
    public enum Backend {
        MEMORY("memory", "org.apache.james.mailbox.inmemory.InMemoryMailboxManager",
            "MailboxCreateInstrumentation", "MessageAddInstrumentation", "UidProviderInstrumentation",
            "ModSeqProviderInstrumentation", "FlagsChangedInstrumentation", "RecentResetInstrumentation",
            "MailboxDeletionInstrumentation", "NewMailHoldInstrumentation", "MessageStoreInstrumentation",
            "ThreadGuessInstrumentation", "AnnotationUpdateInstrumentation", "RightsUpdateInstrumentation",
            "MemoryDomainListInstrumentation", "MemoryRecipientRewriteTableInstrumentation",
            "MemoryMaxQuotaManagerInstrumentation", "UsersRepositoryInstrumentation"),
        /** No thread-guess hooks: James's JPA mailbox stores without attachments and guesses threads naively (no search). */
        JPA("jpa", "org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager",
            "JpaMailboxMapperInstrumentation", "JpaMessageMapperInstrumentation", "JpaMailboxCountersInstrumentation",
            "FlagsChangedInstrumentation", "RecentResetInstrumentation", "MailboxDeletionInstrumentation",
            "NewMailHoldInstrumentation", "AnnotationUpdateInstrumentation", "RightsUpdateInstrumentation",
            "JpaDomainListInstrumentation", "JpaRecipientRewriteTableInstrumentation", "JpaMaxQuotaManagerInstrumentation",
            "UsersRepositoryInstrumentation");

        private final String label;
        private final String mailboxManagerClass;
        private final Set<String> requiredHooks;

        Backend(String label, String mailboxManagerClass, String... requiredHooks) {
            this.label = label;
            this.mailboxManagerClass = mailboxManagerClass;
            this.requiredHooks = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(requiredHooks)));
        }

        /** The backend's name in messages: {@code memory}, {@code jpa}. */
        public String label() {
            return label;
        }

        /** The James mailbox manager class that runs this backend. */
        public String mailboxManagerClass() {
            return mailboxManagerClass;
        }

        /** The names of the agent's hooks this backend needs, as the agent logs them. */
        public Set<String> requiredHooks() {
            return requiredHooks;
        }
    }

    private BackendHooks() {
    }

    /**
     * Called by the agent once it is installed.
     *
     * @param hookTypes the James class each hook rewrites, by hook name
     * @param applied the hooks applied so far
     */
    public static void agentInstalled(Map<String, String> hookTypes, Supplier<Set<String>> applied) {
        BackendHooks.appliedHooks = applied;
        BackendHooks.hookTypes = Map.copyOf(hookTypes);
    }

    /** The backend of James's mailbox manager, this class or one it extends; empty for any other. */
    public static Optional<Backend> detect(Class<?> mailboxManagerClass) {
        for (Class<?> type = mailboxManagerClass; type != null; type = type.getSuperclass()) {
            for (Backend backend : Backend.values()) {
                if (backend.mailboxManagerClass.equals(type.getName())) {
                    return Optional.of(backend);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The hooks {@code backend} needs that have not applied, after loading their James classes
     * through {@code loader} (James's, e.g. its mailbox manager's); all of them without the agent.
     */
    public static List<String> missingHooks(Backend backend, ClassLoader loader) {
        Map<String, String> types = hookTypes;
        List<String> missing = new ArrayList<>();
        for (String hook : backend.requiredHooks()) {
            String type = types == null ? null : types.get(hook);
            if (type == null || !loads(type, loader) || !appliedHooks.get().contains(hook)) {
                missing.add(hook);
            }
        }
        return missing;
    }

    private static boolean loads(String type, ClassLoader loader) {
        try {
            Class.forName(type, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Why replication cannot run over this mailbox manager, or empty when every hook its backend
     * needs has applied.
     */
    public static Optional<String> problem(Class<?> mailboxManagerClass) {
        Optional<Backend> detected = detect(mailboxManagerClass);
        if (detected.isEmpty()) {
            return Optional.of("james-replicator does not support this James mailbox backend (its MailboxManager is "
                + mailboxManagerClass.getName() + "): it pins UIDs and MODSEQs on "
                + Arrays.stream(Backend.values()).map(b -> b.label() + " (" + simpleName(b.mailboxManagerClass()) + ")")
                    .reduce((a, b) -> a + " and " + b).orElse("")
                + " only");
        }
        Backend backend = detected.get();
        List<String> missing = missingHooks(backend, mailboxManagerClass.getClassLoader());
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("james-replicator cannot pin UIDs and MODSEQs on James's " + backend.label()
            + " backend: the agent's hooks " + String.join(", ", missing) + " did not apply"
            + " (is the agent loaded with -javaagent, and is this James 3.8.1? The agent's log names each hook)");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
