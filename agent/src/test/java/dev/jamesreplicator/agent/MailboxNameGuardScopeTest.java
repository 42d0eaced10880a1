package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.jamesreplicator.jpa.MailboxNameGuard;

/**
 * What {@link MailboxNameGuard}'s one lock in the JVM costs: only the transactions of James's JPA
 * mailbox mapper take it, and James 3.8.1 opens one only to create, rename or delete a mailbox
 * ({@code getMailbox}, the metadata read and appends run outside any mailbox-mapper transaction).
 * With the lock held elsewhere, reads and appends must go on; a create must wait for it.
 */
@Timeout(120)
class MailboxNameGuardScopeTest {
    private static final String OWNER = "guard-scope@example.test";

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    void readsAndAppendsDoNotTakeTheNamingLockButCreatesDo() throws Exception {
        JpaJames james = JpaJames.start();
        MailboxManager manager = james.mailboxManager();
        james.createMailbox(OWNER, "Scope");
        MailboxPath scope = MailboxPath.forUser(Username.of(OWNER), "Scope");
        ReentrantLock naming = namingLock();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        naming.lock();
        try {
            Future<?> readAndAppend = thread.submit(() -> {
                MailboxSession session = james.session(OWNER);
                for (int i = 0; i < 20; i++) {
                    MessageManager mailbox = manager.getMailbox(scope, session);
                    TestJames.append(mailbox, session, new Date(), "scope " + i);
                    manager.getMailbox(mailbox.getId(), session).getMetaData(
                        MessageManager.MailboxMetaData.RecentMode.IGNORE, session,
                        MessageManager.MailboxMetaData.FetchGroup.NO_COUNT);
                }
                return null;
            });
            // Well under the guard's 5 s wait: a read that queued for the lock would still be waiting.
            readAndAppend.get(4, TimeUnit.SECONDS);

            Future<?> create = thread.submit(() -> {
                james.createMailbox(OWNER, "Named");
                return null;
            });
            assertThatThrownBy(() -> create.get(1, TimeUnit.SECONDS))
                .as("a create waits for the naming lock")
                .isInstanceOf(TimeoutException.class);
            naming.unlock();
            create.get(30, TimeUnit.SECONDS);
        } finally {
            if (naming.isHeldByCurrentThread()) {
                naming.unlock();
            }
            thread.shutdownNow();
        }
        assertThat(JpaJames.rows("JAMES_MAILBOX WHERE MAILBOX_NAME = 'Named'")).isEqualTo(1L);
    }

    private static ReentrantLock namingLock() throws ReflectiveOperationException {
        Field field = MailboxNameGuard.class.getDeclaredField("NAMING");
        field.setAccessible(true);
        return (ReentrantLock) field.get(null);
    }
}
