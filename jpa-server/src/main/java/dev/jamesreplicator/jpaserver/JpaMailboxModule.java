package dev.jamesreplicator.jpaserver;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.jpa.JPAAttachmentContentLoader;
import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.jpa.openjpa.OpenJPAMailboxManager;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaDAO;
import org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager;
import org.apache.james.mailbox.jpa.quota.JpaCurrentQuotaManager;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.CurrentQuotaManager;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.utils.MailboxManagerDefinition;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

/**
 * Mailboxes, messages, subscriptions and quotas in JPA, in place of the memory app's
 * MemoryMailboxModule bindings of the same keys. Left to the memory app: the attachment mapper
 * (the JPA mapper factory has none; only JMAP uses it), MessageIdManager and ACL storage (JPA has
 * neither in 3.8.1), search, the event bus and the mailbox change repositories.
 */
final class JpaMailboxModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JPAMailboxSessionMapperFactory.class).in(Scopes.SINGLETON);
        bind(OpenJPAMailboxManager.class).in(Scopes.SINGLETON);
        bind(JPAUidProvider.class).in(Scopes.SINGLETON);
        bind(JPAModSeqProvider.class).in(Scopes.SINGLETON);
        bind(JPAId.Factory.class).in(Scopes.SINGLETON);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);

        bind(MailboxSessionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MessageMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(MailboxMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(JPAMailboxSessionMapperFactory.class);
        bind(UidProvider.class).to(JPAUidProvider.class);
        bind(ModSeqProvider.class).to(JPAModSeqProvider.class);
        bind(MailboxId.Factory.class).to(JPAId.Factory.class);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(MailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(StoreMailboxManager.class).to(OpenJPAMailboxManager.class);
        bind(AttachmentContentLoader.class).to(JPAAttachmentContentLoader.class);
        // The memory app guesses threads by searching through the MessageIdManager, which JPA
        // does not implement: every APPEND would fail.
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);

        bind(JPAPerUserMaxQuotaDAO.class).in(Scopes.SINGLETON);
        bind(JPAPerUserMaxQuotaManager.class).in(Scopes.SINGLETON);
        bind(JpaCurrentQuotaManager.class).in(Scopes.SINGLETON);
        bind(MaxQuotaManager.class).to(JPAPerUserMaxQuotaManager.class);
        bind(CurrentQuotaManager.class).to(JpaCurrentQuotaManager.class);

        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class)
            .addBinding().to(JpaMailboxManagerDefinition.class);
    }

    /** Names the mailbox manager for James's start-up checks and probes. */
    @Singleton
    static final class JpaMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        JpaMailboxManagerDefinition(OpenJPAMailboxManager manager) {
            super("jpa-mailboxmanager", manager);
        }
    }
}
