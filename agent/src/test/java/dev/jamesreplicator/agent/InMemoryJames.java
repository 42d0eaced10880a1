package dev.jamesreplicator.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.james.core.Username;
import org.apache.james.events.EventBus;
import org.apache.james.events.InVMEventBus;
import org.apache.james.events.MemoryEventDeadLetters;
import org.apache.james.events.RetryBackoffConfiguration;
import org.apache.james.events.delivery.InVmEventDelivery;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.InMemoryMailboxSessionMapperFactory;
import org.apache.james.mailbox.inmemory.InMemoryMessageId;
import org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
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
final class InMemoryJames {
    private final InMemoryMailboxManager mailboxManager;
    private final InMemoryMailboxSessionMapperFactory mappers;

    private InMemoryJames(InMemoryMailboxManager mailboxManager, InMemoryMailboxSessionMapperFactory mappers) {
        this.mailboxManager = mailboxManager;
        this.mappers = mappers;
    }

    static InMemoryJames start() {
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
        return new InMemoryJames(manager, mappers);
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

    MailboxManager mailboxManager() {
        return mailboxManager;
    }

    MailboxSession session(String user) {
        return mailboxManager.createSystemSession(Username.of(user));
    }

    MessageManager createMailbox(String user, String name) throws MailboxException {
        MailboxSession session = session(user);
        MailboxPath path = MailboxPath.forUser(Username.of(user), name);
        mailboxManager.createMailbox(path, session);
        return mailboxManager.getMailbox(path, session);
    }

    /** Appends through the public API, as the replicator's applier does. */
    static MessageUid append(MessageManager mailbox, MailboxSession session, Date internalDate, String body)
            throws MailboxException {
        return mailbox.appendMessage(MessageManager.AppendCommand.builder()
                .withInternalDate(internalDate)
                .build(message(body)), session)
            .getId().getUid();
    }

    static String message(String body) {
        return "From: alice@example.test\r\nSubject: " + body + "\r\n\r\n" + body + "\r\n";
    }

    static MessageResult fetch(MessageManager mailbox, MailboxSession session, MessageUid uid) throws MailboxException {
        MessageResultIterator results = mailbox.getMessages(MessageRange.one(uid), FetchGroup.FULL_CONTENT, session);
        if (!results.hasNext()) {
            throw new AssertionError("no message " + uid);
        }
        return results.next();
    }

    static String content(MessageResult message) throws MailboxException, IOException {
        try (InputStream in = message.getFullContent().getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
