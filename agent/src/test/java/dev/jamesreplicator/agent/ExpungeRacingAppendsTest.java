package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.MessageResultIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Expunges while another session appends. On JPA over Derby, James 3.8.1's bulk delete scans the
 * whole message table under a lock on the property table, and about one expunge in twenty racing
 * appends deadlocked (Derby rolls one back after 20 seconds; this test failed every time without
 * the fix); the agent's row-by-row deletion ({@code MessageRowDeletion}) locks only the rows it
 * removes. Two sessions expunging at once can still deadlock on Derby (each holds the property
 * table's intent lock and wants it whole for the foreign key check): the sync retries a deleted
 * expunge ({@code JamesMailStore}).
 */
class ExpungeRacingAppendsTest {
    private static final String USER = "expunger@example.test";
    private static final int EXPUNGED = 60;
    private static final int APPENDED = 120;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @OnEachBackend
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void expungesAndAppendsRacingAllSucceedAndLeaveExactlyTheAppendedMail(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession session = james.session(USER);
        List<MessageUid> doomed = new ArrayList<>();
        for (int i = 0; i < EXPUNGED; i++) {
            doomed.add(append(inbox, session, new Date(), "doomed " + i));
        }

        ExecutorService sessions = Executors.newFixedThreadPool(2);
        try {
            // A client's APPENDs and a replicated expunge (delete by UID), each in a session of its own.
            Future<?> appends = sessions.submit(() -> {
                MailboxSession client = james.session(USER);
                for (int i = 0; i < APPENDED; i++) {
                    append(inbox, client, new Date(), "kept " + i);
                }
                return null;
            });
            Future<?> expunges = sessions.submit(() -> {
                MailboxSession sync = james.session(USER);
                for (MessageUid uid : doomed) {
                    inbox.delete(List.of(uid), sync);
                }
                return null;
            });
            appends.get();
            expunges.get();
        } finally {
            sessions.shutdownNow();
        }

        List<String> left = new ArrayList<>();
        MessageResultIterator results = inbox.getMessages(MessageRange.all(), FetchGroup.FULL_CONTENT, james.session(USER));
        while (results.hasNext()) {
            left.add(TestJames.content(results.next()));
        }
        assertThat(left).hasSize(APPENDED).allMatch(message -> message.contains("Subject: kept "));
    }

    @Test
    void aMessageRemovedRowByRowLeavesNoPropertyOrFlagRowsBehind() throws Exception {
        TestJames james = Backend.JPA.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        MailboxSession session = james.session(USER);
        for (int i = 0; i < 3; i++) {
            MessageUid uid = append(inbox, session, new Date(), "flagged " + i);
            inbox.setFlags(new Flags("label" + i), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), session);
        }
        assertThat(JpaJames.rows("JAMES_MAIL_PROPERTY")).isPositive();
        assertThat(JpaJames.rows("JAMES_MAIL_USERFLAG")).isEqualTo(3);

        inbox.delete(List.of(MessageUid.of(1)), session);
        inbox.setFlags(new Flags(Flags.Flag.DELETED), MessageManager.FlagsUpdateMode.ADD, MessageRange.all(), session);
        inbox.expunge(MessageRange.all(), session);

        assertThat(JpaJames.rows("JAMES_MAIL")).isZero();
        assertThat(JpaJames.rows("JAMES_MAIL_PROPERTY")).isZero();
        assertThat(JpaJames.rows("JAMES_MAIL_USERFLAG")).isZero();
    }
}
