package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Date;
import java.util.concurrent.TimeUnit;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.deletion.MailboxRetiredException;
import dev.jamesreplicator.deletion.MailboxRetirement;

class MailboxRetirementTest {
    private static final String USER = "retire@example.test";

    private TestJames james;
    private MailboxSession session;
    private MessageManager inbox;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    private void start(Backend backend) throws Exception {
        james = backend.start();
        session = james.session(USER);
        inbox = james.createMailbox(USER, "INBOX");
    }

    @OnEachBackend
    void aRetiredMailboxRefusesAddsWithAMailboxErrorAndStoresNothing(Backend backend) throws Exception {
        start(backend);
        append(inbox, session, new Date(), "before");
        assertThat(MailboxRetirement.retire(inbox.getId(), 5, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> append(inbox, session, new Date(), "refused"))
                .isInstanceOf(MailboxRetiredException.class);
            assertThat(inbox.getMessageCount(session)).isEqualTo(1);
        } finally {
            MailboxRetirement.release(inbox.getId());
        }
        append(inbox, session, new Date(), "after");
        assertThat(inbox.getMessageCount(session)).isEqualTo(2);
    }

    @OnEachBackend
    void retiringWaitsForAnAddUnderWayAndGivesUpAtItsTimeout(Backend backend) throws Exception {
        start(backend);
        MailboxRetirement.enterAdd(inbox.getId());
        try {
            long started = System.nanoTime();
            assertThat(MailboxRetirement.retire(inbox.getId(), 200, TimeUnit.MILLISECONDS)).isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(200);
            assertThat(MailboxRetirement.isRetired(inbox.getId())).as("opened again").isFalse();
        } finally {
            MailboxRetirement.exitAdd(inbox.getId());
        }
        assertThat(MailboxRetirement.retire(inbox.getId(), 200, TimeUnit.MILLISECONDS)).isTrue();
        MailboxRetirement.release(inbox.getId());
    }

    @OnEachBackend
    void otherMailboxesAreNotAffected(Backend backend) throws Exception {
        start(backend);
        MessageManager other = james.createMailbox(USER, "Other");
        assertThat(MailboxRetirement.retire(inbox.getId(), 1, TimeUnit.SECONDS)).isTrue();
        try {
            append(other, session, new Date(), "fine");
            assertThat(other.getMessageCount(session)).isEqualTo(1);
        } finally {
            MailboxRetirement.release(inbox.getId());
        }
    }
}
