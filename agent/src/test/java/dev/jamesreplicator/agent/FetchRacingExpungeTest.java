package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import javax.persistence.EntityManager;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.jpa.EagerMessageContent;
import reactor.core.publisher.Flux;

/**
 * A client fetches messages while another session (a sync, or another client) expunges one of
 * them. James 3.8.1's JPA message leaves its header and body to be loaded when first read, and
 * IMAP reads them only while it writes the FETCH response, after the query: a message expunged in
 * between failed there with OpenJPA's EntityNotFoundException, half written, and the client got no
 * answer at all until its read timed out (MoveOutAndBackIT on jpa: 30 s, a sync's expunge on b
 * during the test's read of b). The agent loads the content as the mapper hands the messages out.
 */
class FetchRacingExpungeTest {
    private static final String USER = "fetcher@example.test";

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    /** IMAP FETCH's way: the reactive read, then the response written message by message. */
    @OnEachBackend
    void aFetchedMessageExpungedBeforeItsResponseIsWrittenStillHasItsContent(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession writer = james.session(USER);
        MessageUid first = append(inbox, writer, new Date(), "first");
        append(inbox, writer, new Date(), "second");

        // The reader's session is not the writer's, whose EntityManager still holds what it stored.
        List<MessageResult> fetched = Flux.from(inbox.getMessagesReactive(MessageRange.all(), FetchGroup.FULL_CONTENT, james.session(USER)))
            .collectList().block();
        inbox.delete(List.of(first), james.session(USER));

        assertThat(contents(fetched)).satisfiesExactly(
            message -> assertThat(message).contains("Subject: first"),
            message -> assertThat(message).contains("Subject: second"));
    }

    /** The blocking read (the replicator's own, a POP3 RETR). */
    @OnEachBackend
    void aMessageFromTheIteratorExpungedBeforeItIsReadStillHasItsContent(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession writer = james.session(USER);
        MessageUid first = append(inbox, writer, new Date(), "first");
        append(inbox, writer, new Date(), "second");

        List<MessageResult> fetched = new ArrayList<>();
        // The reader's session is not the writer's, whose EntityManager still holds what it stored.
        MessageResultIterator results = inbox.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, james.session(USER));
        while (results.hasNext()) {
            fetched.add(results.next());
        }
        inbox.delete(List.of(first), james.session(USER));

        assertThat(contents(fetched)).satisfiesExactly(
            message -> assertThat(message).contains("Subject: first"),
            message -> assertThat(message).contains("Subject: second"));
    }

    /** Expunged between the query and the load of its content: left out, as if expunged before the query. */
    @Test
    void aMessageExpungedBeforeItsContentIsLoadedIsLeftOut() throws Exception {
        TestJames james = Backend.JPA.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession writer = james.session(USER);
        MessageUid first = append(inbox, writer, new Date(), "first");
        append(inbox, writer, new Date(), "second");

        EntityManager entityManager = JpaJames.entityManager();
        try {
            @SuppressWarnings("unchecked")
            List<MailboxMessage> found = entityManager
                .createQuery("SELECT message FROM MailboxMessage message ORDER BY message.uid").getResultList();
            inbox.delete(List.of(first), james.session(USER));

            List<MailboxMessage> loaded = new ArrayList<>();
            EagerMessageContent.loaded(found.iterator(), FetchType.FULL).forEachRemaining(loaded::add);

            assertThat(loaded).extracting(MailboxMessage::getUid).containsExactly(MessageUid.of(2));
            assertThat(new String(loaded.get(0).getFullContent().readAllBytes()))
                .contains("Subject: second");
        } finally {
            entityManager.close();
        }
    }

    private static List<String> contents(List<MessageResult> fetched) throws Exception {
        List<String> contents = new ArrayList<>();
        for (MessageResult message : fetched) {
            contents.add(TestJames.content(message));
        }
        return contents;
    }
}
