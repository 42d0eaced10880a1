package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import dev.jamesreplicator.agent.AttachedAgent;
import dev.jamesreplicator.agent.Backend;
import dev.jamesreplicator.agent.OnEachBackend;
import dev.jamesreplicator.agent.TestJames;
import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.MailboxState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.sync.SyncException;

/**
 * {@link JamesMailStore}'s pinned writes with the agent attached, as James runs them, on each
 * backend: each takes the UIDVALIDITY, UID, MODSEQ or counter its pin asks for, and a UID the
 * mailbox has used is a conflict. Tagged to run in a JVM of its own (surefire's
 * {@code agent-attached} execution): the plugin's other tests run without the agent.
 */
@Tag("agent-attached")
class JamesMailStoreWithAgentTest extends StoreOnRealJames {
    private static final long UID_VALIDITY = 123_456;

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @OnEachBackend
    void aCreatedOrReplacedMailboxHasTheUidValidityAsked(Backend backend) throws Exception {
        start(backend);

        store.createMailbox("Work", UID_VALIDITY);
        assertThat(uidValidity("Work")).isEqualTo(UID_VALIDITY);

        store.replaceMailbox("Work", UID_VALIDITY, 0, UID_VALIDITY + 1);
        assertThat(uidValidity("Work")).isEqualTo(UID_VALIDITY + 1);
    }

    @OnEachBackend
    void anAppendTakesItsUidAndModSeqAndAUidAlreadyUsedIsAConflict(Backend backend) throws Exception {
        start(backend);
        store.createMailbox("Work", UID_VALIDITY);

        MessageState stored = store.append("Work", UID_VALIDITY, message(10, 50, "pinned"), body("pinned"));

        assertThat(stored.uid()).isEqualTo(10);
        assertThat(stored.modSeq()).isEqualTo(50);
        MailboxState work = mailbox(store.state(), "Work");
        assertThat(work.uidNext()).isEqualTo(11);
        assertThat(work.highestModSeq()).isEqualTo(50);
        assertThat(onlyMessage(store.state(), "Work").uid()).isEqualTo(10);

        assertThatThrownBy(() -> store.append("Work", UID_VALIDITY, message(5, 0, "below"), body("below")))
            .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(SyncException.Code.CONFLICT));
        // Nothing stored, and the session goes on (on JPA: its transaction was rolled back).
        assertThat(store.append("Work", UID_VALIDITY, message(11, 0, "next"), body("next")).uid()).isEqualTo(11);
        assertThat(mailbox(store.state(), "Work").messages()).extracting(MessageState::uid).containsExactly(10L, 11L);
    }

    @OnEachBackend
    void flagUpdatesAndRaisesTakeThePinnedModSeqsAndCounters(Backend backend) throws Exception {
        start(backend);
        store.createMailbox("Work", UID_VALIDITY);
        store.append("Work", UID_VALIDITY, message(1, 5, "flagged"), body("flagged"));

        store.setFlags("Work", UID_VALIDITY, 1, List.of("\\Seen"), 20);
        MessageState flagged = onlyMessage(store.state(), "Work");
        assertThat(flagged.flags()).containsExactly("\\Seen");
        assertThat(flagged.modSeq()).isEqualTo(20);

        store.raiseModSeq("Work", UID_VALIDITY, 1, 30, true);
        MessageState raised = onlyMessage(store.state(), "Work");
        assertThat(raised.flags()).as("kept").containsExactly("\\Seen");
        assertThat(raised.modSeq()).isEqualTo(30);

        store.raiseModSeq("Work", UID_VALIDITY, 0, 40, false);
        store.raiseUidNext("Work", UID_VALIDITY, 100);
        MailboxState work = mailbox(store.state(), "Work");
        assertThat(work.highestModSeq()).isEqualTo(40);
        assertThat(work.uidNext()).isEqualTo(100);
        assertThat(onlyMessage(store.state(), "Work").modSeq()).as("no message takes a raise of the mailbox's").isEqualTo(30);
    }

    @OnEachBackend
    void aRenumberingTakesItsNewUid(Backend backend) throws Exception {
        start(backend);
        store.createMailbox("Work", UID_VALIDITY);
        MessageState first = store.append("Work", UID_VALIDITY, message(1, 0, "renumbered"), body("renumbered"));

        assertThat(store.copy("Work", UID_VALIDITY, 1, "Work", UID_VALIDITY, first.renumbered(7, 0)).uid()).isEqualTo(7);
        assertThat(store.expungeRenumbered("Work", UID_VALIDITY, 1)).isTrue();

        MessageState kept = onlyMessage(store.state(), "Work");
        assertThat(kept.uid()).isEqualTo(7);
        assertThat(kept.hash()).isEqualTo(first.hash());
    }

    private static MessageState message(long uid, long modSeq, String text) {
        byte[] bytes = bytes(text);
        return new MessageState(uid, modSeq, List.of(), 1_700_000_000_000L, bytes.length, Sha256.of(bytes));
    }

    private static MessageContent body(String text) {
        return MessageContent.of(bytes(text));
    }

    private static byte[] bytes(String text) {
        return TestJames.message(text).getBytes(StandardCharsets.UTF_8);
    }
}
