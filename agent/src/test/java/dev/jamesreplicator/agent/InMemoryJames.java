package dev.jamesreplicator.agent;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreAttachmentManager;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMessageIdManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.extractor.DefaultTextExtractor;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.SearchThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.MimeMessageId;
import org.apache.james.mailbox.store.mail.model.Subject;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.NoQuotaManager;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.SimpleMessageSearchIndex;
import org.apache.james.metrics.tests.RecordingMetricFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real James 3.8.1 in-memory mailbox manager, built from the same store and memory classes the
 * memory app wires with Guice (the memory module's own test fixture needs test-jars of half of James).
 */
public final class InMemoryJames extends StoreJames {
    private final InMemoryMailboxSessionMapperFactory mappers;

    private InMemoryJames(InMemoryMailboxManager mailboxManager, InMemoryMailboxSessionMapperFactory mappers, EventBus eventBus) {
        super(mailboxManager, mappers, eventBus);
        this.mappers = mappers;
    }

    public static InMemoryJames start() {
        Clock clock = Clock.systemUTC();
        InMemoryMailboxSessionMapperFactory mappers = new InMemoryMailboxSessionMapperFactory(clock);
        EventBus eventBus = new InVMEventBus(new InVmEventDelivery(new RecordingMetricFactory()),
            RetryBackoffConfiguration.DEFAULT, new MemoryEventDeadLetters());
        StoreRightManager rights = new StoreRightManager(mappers, new UnionMailboxACLResolver(), eventBus);
        // Tests only use system sessions: nobody logs in.
        SessionProviderImpl sessions = new SessionProviderImpl((user, password) -> false,
            (user, other) -> Authorizator.AuthorizationState.FORBIDDEN);
        QuotaRootResolver quotaRoots = new DefaultUserQuotaRootResolver(sessions, mappers);
        QuotaComponents quotas = new QuotaComponents(new InMemoryPerUserMaxQuotaManager(), new NoQuotaManager(), quotaRoots);
        PreDeletionHooks noHooks = new PreDeletionHooks(Set.of(), new RecordingMetricFactory());
        StoreMessageIdManager messageIds = new StoreMessageIdManager(rights, mappers, eventBus, quotas.getQuotaManager(),
            quotaRoots, noHooks);
        StoreAttachmentManager attachments = new StoreAttachmentManager(mappers, messageIds);
        // The memory app guesses threads by searching the user's messages; the search needs the manager it serves.
        LateThreadGuess threads = new LateThreadGuess();
        InMemoryMailboxManager manager = new InMemoryMailboxManager(mappers, sessions, new JVMMailboxPathLocker(),
            new MessageParser(), new InMemoryMessageId.Factory(), eventBus, new StoreMailboxAnnotationManager(mappers, rights),
            rights, quotas, new SimpleMessageSearchIndex(mappers, mappers, new DefaultTextExtractor(), attachments), noHooks,
            threads, clock);
        threads.search = new SearchThreadIdGuessingAlgorithm(manager, messageIds);
        return new InMemoryJames(manager, mappers, eventBus);
    }

    /** James's search-based thread guess, given the manager once it exists. */
    private static final class LateThreadGuess implements ThreadIdGuessingAlgorithm {
        private volatile ThreadIdGuessingAlgorithm search;

        @Override
        public Mono<ThreadId> guessThreadIdReactive(MessageId messageId, Optional<MimeMessageId> mimeMessageId,
                                                    Optional<MimeMessageId> inReplyTo,
                                                    Optional<List<MimeMessageId>> references, Optional<Subject> subject,
                                                    MailboxSession session) {
            return search.guessThreadIdReactive(messageId, mimeMessageId, inReplyTo, references, subject, session);
        }

        @Override
        public Flux<MessageId> getMessageIdsInThread(ThreadId threadId, MailboxSession session) {
            return search.getMessageIdsInThread(threadId, session);
        }
    }

    /** The mapper factory, whose UID and MODSEQ providers are the live ones. */
    InMemoryMailboxSessionMapperFactory mappers() {
        return mappers;
    }
}
