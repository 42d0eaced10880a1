package dev.jamesreplicator.agent;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;

/** What every backend's fixture is: James's store mailbox manager over its mapper factory, and subscriptions on them. */
public abstract class StoreJames implements TestJames {
    private final MailboxManager mailboxManager;
    private final MailboxSessionMapperFactory mappers;
    private final SubscriptionManager subscriptionManager;

    StoreJames(MailboxManager mailboxManager, MailboxSessionMapperFactory mappers, EventBus eventBus) {
        this.mailboxManager = mailboxManager;
        this.mappers = mappers;
        this.subscriptionManager = new StoreSubscriptionManager(mappers, mappers, eventBus);
    }

    @Override
    public MailboxManager mailboxManager() {
        return mailboxManager;
    }

    @Override
    public UidProvider uidProvider() {
        return mappers.getUidProvider();
    }

    @Override
    public ModSeqProvider modSeqProvider() {
        return mappers.getModSeqProvider();
    }

    @Override
    public SubscriptionManager subscriptionManager() {
        return subscriptionManager;
    }
}
