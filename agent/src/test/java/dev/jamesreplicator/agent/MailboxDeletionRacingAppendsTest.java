package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.mail.Flags;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.MessageRange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One user deletes mailboxes full of flagged mail while another user's client appends. On JPA
 * over Derby, James 3.8.1's mailbox deletion removes the messages with its bulk JPQL delete: a
 * scan of every message row under a lock on the whole property and flag tables, held until the
 * deletion's transaction ends; a pair's sync sessions and logins of every user waited behind it,
 * for up to Derby's 60-second lock timeout. The agent's row-by-row deletion
 * ({@code JpaMailboxMapperInstrumentation}) locks the deleted mailbox's rows, then the message
 * table for the mailbox row's own foreign key check: an append racing that last step can still
 * be a deadlock's victim, told NO, and the client sends it again (without the hook an append
 * died in a deadlock on every run, with it on about one run in two).
 */
class MailboxDeletionRacingAppendsTest {
    private static final String DELETER = "deleter@example.test";
    private static final String WRITER = "writer@example.test";
    private static final int MAILBOXES = 20;
    private static final int MESSAGES_EACH = 5;
    private static final int APPENDED = 120;
    private static final int CLIENT_ATTEMPTS = 5;
    /**
     * Mail already on the server: on tables of a few rows Derby's optimizer locks whole tables
     * for the foreign key checks of any delete, and the two sessions deadlock whatever the
     * mapper does (as two expunges can, {@code ExpungeRacingAppendsTest}); a server holds more.
     */
    private static final int ALREADY_STORED = 1000;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void anotherUsersAppendsGoOnWhileMailboxesFullOfMailAreDeleted() throws Exception {
        TestJames james = Backend.JPA.start();
        MailboxSession deleter = james.session(DELETER);
        for (int i = 0; i < MAILBOXES; i++) {
            MessageManager mailbox = james.createMailbox(DELETER, "Doomed" + i);
            for (int j = 0; j < MESSAGES_EACH; j++) {
                MessageUid uid = append(mailbox, deleter, new Date(), "doomed " + i + "." + j);
                mailbox.setFlags(new Flags("label" + j), MessageManager.FlagsUpdateMode.ADD, MessageRange.one(uid), deleter);
            }
        }
        MessageManager inbox = james.createMailbox(WRITER, "INBOX");
        MessageManager archive = james.createMailbox(WRITER, "Archive");
        MailboxSession writer = james.session(WRITER);
        for (int i = 0; i < ALREADY_STORED; i++) {
            append(archive, writer, new Date(), "archived " + i);
        }

        ExecutorService sessions = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> appends = sessions.submit(() -> {
                MailboxSession client = james.session(WRITER);
                int refused = 0;
                for (int i = 0; i < APPENDED; i++) {
                    refused += appendAsAClientWould(inbox, client, "kept " + i);
                }
                return refused;
            });
            Future<?> deletions = sessions.submit(() -> {
                MailboxSession session = james.session(DELETER);
                for (int i = 0; i < MAILBOXES; i++) {
                    james.mailboxManager().deleteMailbox(MailboxPath.forUser(Username.of(DELETER), "Doomed" + i), session);
                }
                return null;
            });
            System.out.printf("%d APPENDs told NO (a deadlock's victim) and sent again%n", appends.get());
            deletions.get();
        } finally {
            sessions.shutdownNow();
        }

        assertThat(JpaJames.rows("JAMES_MAIL")).isEqualTo(ALREADY_STORED + APPENDED);
        assertThat(JpaJames.rows("JAMES_MAIL_USERFLAG")).as("the deleted messages' flags").isZero();
        assertThat(JpaJames.rows("JAMES_MAILBOX")).isEqualTo(2);
    }

    /** APPENDs, and sends it again when the database rolled it back; returns how many times it was told NO. */
    private static int appendAsAClientWould(MessageManager mailbox, MailboxSession session, String body) throws Exception {
        for (int refused = 0; ; refused++) {
            try {
                append(mailbox, session, new Date(), body);
                return refused;
            } catch (MailboxException e) {
                if (refused == CLIENT_ATTEMPTS - 1 || !rolledBack(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean rolledBack(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException && String.valueOf(((SQLException) cause).getSQLState()).startsWith("40")) {
                return true;
            }
        }
        return false;
    }
}
