package dev.jamesreplicator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.MailboxPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.deletion.DeletionFence;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class DeletionFenceTest {

    @BeforeAll
    static void attachAgent() {
        AttachedAgent.install();
    }

    @Test
    void aDeletionUnderWayMakesTheMarkMinusOneAndItsEndMovesTheMark() {
        String owner = "fence-unit@example.test";
        long before = DeletionFence.quietMark(owner);

        Disposable underWay = DeletionFence.around(Mono.never(), owner).subscribe();
        assertThat(DeletionFence.quietMark(owner)).isEqualTo(-1);

        underWay.dispose();
        assertThat(DeletionFence.quietMark(owner)).isEqualTo(before + 1);
    }

    @OnEachBackend
    void jamesDeletionsAreCountedForTheMailboxOwner(Backend backend) throws Exception {
        String owner = "fence-james-" + backend.name().toLowerCase(java.util.Locale.ROOT) + "@example.test";
        TestJames james = backend.start();
        james.createMailbox(owner, "Trash");
        MailboxSession session = james.session(owner);
        long before = DeletionFence.quietMark(owner);

        james.mailboxManager().deleteMailbox(MailboxPath.forUser(Username.of(owner), "Trash"), session);

        assertThat(DeletionFence.quietMark(owner)).isEqualTo(before + 1);
        assertThat(DeletionFence.quietMark("someone-else@example.test")).isZero();
    }
}
