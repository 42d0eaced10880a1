package dev.jamesreplicator.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;

/** A real James 3.8.1 mailbox manager on one backend, as the hooks meet it, and what the tests do with it. */
public interface TestJames {

    MailboxManager mailboxManager();

    /** The live UID provider, the one James's mappers ask (the plugin raises UIDNEXT through it). */
    UidProvider uidProvider();

    /** The live MODSEQ provider (the plugin raises HIGHESTMODSEQ through it). */
    ModSeqProvider modSeqProvider();

    /** James's subscriptions, on the same mappers and event bus. */
    SubscriptionManager subscriptionManager();

    default MailboxSession session(String user) {
        return mailboxManager().createSystemSession(Username.of(user));
    }

    default MessageManager createMailbox(String user, String name) throws MailboxException {
        MailboxSession session = session(user);
        MailboxPath path = MailboxPath.forUser(Username.of(user), name);
        mailboxManager().createMailbox(path, session);
        return mailboxManager().getMailbox(path, session);
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
