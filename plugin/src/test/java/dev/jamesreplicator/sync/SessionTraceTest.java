package dev.jamesreplicator.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.sync.plan.CommonStateAfter;
import dev.jamesreplicator.sync.plan.SyncPlan;
import dev.jamesreplicator.sync.plan.SyncPlanner;

class SessionTraceTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(SessionTrace.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void listen() {
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        // Only to this test's list, not the build's console.
        logger.setAdditive(false);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(appender);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    @Test
    void atDebugEachOperationAndEachHonouredTombstoneIsOneLineOfTheSession() {
        MessageState kept = new MessageState(1, 1, List.of(), 1L, 10, "kept");
        MessageState expunged = new MessageState(2, 2, List.of(), 2L, 20, "gone");
        UserState local = new UserState(List.of(new MailboxState("INBOX", 7, 3, 2, List.of(kept, expunged))), List.of(),
            Tombstones.NONE);
        UserState remote = new UserState(List.of(new MailboxState("INBOX", 7, 3, 1, List.of(kept))), List.of(),
            new Tombstones(List.of(Tombstones.Expunged.of(7, expunged)), null, null, null));
        SyncPlan plan = new SyncPlanner().plan(local, remote);
        plan = plan.withAgreed(CommonStateAfter.after(plan, UUID.randomUUID().toString(), "a", local, "b", remote));

        SessionTrace.planned("alice@example.test", "b", false, local, remote, plan);

        String session = plan.agreed().version();
        assertThat(appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList())).containsExactly(
            "session " + session + " of alice@example.test with node 'b': 1 operations; tombstones here 0, on the twin 1",
            "session " + session + " of alice@example.test: expunge INBOX uid 2 on LOCAL",
            "session " + session + " of alice@example.test: honours the twin's expunged uidvalidity 7 uid 2 sha256 gone");
    }

    @Test
    void aboveDebugNothingIsLogged() {
        logger.setLevel(Level.INFO);
        UserState empty = new UserState(List.of(), List.of(), Tombstones.NONE);
        SyncPlan plan = new SyncPlanner().plan(empty, empty);

        SessionTrace.planned("alice@example.test", "b", true, empty, empty, plan);

        assertThat(appender.list).isEmpty();
    }
}
