package dev.jamesreplicator.agent;

import static dev.jamesreplicator.agent.TestJames.append;
import static dev.jamesreplicator.agent.TestJames.content;
import static dev.jamesreplicator.agent.TestJames.fetch;
import static dev.jamesreplicator.agent.TestJames.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.junit.jupiter.api.BeforeAll;

import dev.jamesreplicator.pin.MessagePin;

/**
 * Pinned appends and other sessions' appends racing in one mailbox: pins are keyed by the add's
 * thread and token, so no other append is ever handed a pinned UID, and nothing is overwritten.
 */
class ConcurrentAppendTest {
    private static final String USER = "concurrent@example.test";
    private static final int PINNED_APPENDS = 30;
    private static final int OTHER_SESSIONS = 3;
    private static final int APPENDS_PER_SESSION = 30;
    // Spaced wider than all ordinary appends together, so no ordinary UID can reach the next pin.
    private static final long PIN_SPACING = 1000;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    /** On JPA, appends into one mailbox take James's path lock, and the providers run inside each add. */
    @OnEachBackend
    void otherSessionsNeverGetAPinnedUid(Backend backend) throws Exception {
        TestJames james = backend.start();
        MessageManager inbox = james.createMailbox(USER, "INBOX");
        Map<MessageUid, String> pinnedBodies = new ConcurrentHashMap<>();
        Map<MessageUid, String> ordinaryBodies = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Void>> writers = new ArrayList<>();
        writers.add(() -> {
            MailboxSession replicator = james.session(USER);
            start.await();
            for (int i = 1; i <= PINNED_APPENDS; i++) {
                try (MessagePin pin = MessagePin.take(System.currentTimeMillis(), i * PIN_SPACING, 0)) {
                    String body = "pinned " + i;
                    MessageUid uid = append(inbox, replicator, pin.internalDate(), body);
                    assertThat(uid).isEqualTo(MessageUid.of(i * PIN_SPACING));
                    pinnedBodies.put(uid, body);
                }
            }
            return null;
        });
        for (int s = 0; s < OTHER_SESSIONS; s++) {
            int sessionNumber = s;
            writers.add(() -> {
                MailboxSession client = james.session(USER);
                start.await();
                for (int i = 0; i < APPENDS_PER_SESSION; i++) {
                    String body = "session " + sessionNumber + " message " + i;
                    MessageUid uid = append(inbox, client, new Date(), body);
                    assertThat(ordinaryBodies.put(uid, body)).as("UID %s given twice", uid).isNull();
                }
                return null;
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (Callable<Void> writer : writers) {
                results.add(pool.submit(writer));
            }
            start.countDown();
            for (Future<Void> result : results) {
                result.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(pinnedBodies).hasSize(PINNED_APPENDS);
        assertThat(ordinaryBodies).hasSize(OTHER_SESSIONS * APPENDS_PER_SESSION);
        assertThat(ordinaryBodies.keySet()).doesNotContainAnyElementsOf(pinnedBodies.keySet());
        assertThat(ordinaryBodies.keySet()).noneMatch(uid -> uid.asLong() % PIN_SPACING == 0);
        MailboxSession reader = james.session(USER);
        assertThat(inbox.getMessageCount(reader)).isEqualTo(PINNED_APPENDS + OTHER_SESSIONS * APPENDS_PER_SESSION);
        Set<MessageUid> all = new HashSet<>(pinnedBodies.keySet());
        all.addAll(ordinaryBodies.keySet());
        for (MessageUid uid : all) {
            String body = pinnedBodies.containsKey(uid) ? pinnedBodies.get(uid) : ordinaryBodies.get(uid);
            assertThat(content(fetch(inbox, reader, uid))).isEqualTo(message(body));
        }
    }
}
