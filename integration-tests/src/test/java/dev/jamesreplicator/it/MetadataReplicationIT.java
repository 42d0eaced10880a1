package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.conflict.ReplicationLinkSwitch;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.replicator.ReplicatorCli;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import jakarta.mail.MessagingException;

/** Mailbox annotations set over IMAP METADATA on one server replicate to the other, both ways (docs/metadata.md). */
@ExtendWith(JamesPairExtension.class)
class MetadataReplicationIT {
    private static final String COMMENT = "/private/comment";
    private static final String SHARED = "/shared/comment";
    private static final String COLOR = "/private/vendor/acme/color";
    private static final String[] KEYS = {COMMENT, SHARED, COLOR};

    /** Waits until GETMETADATA on the node's {@code mailbox} answers exactly {@code expected}. */
    private static void awaitMetadata(JamesPair pair, Node node, TestUser user, String mailbox, Map<String, String> expected) {
        Eventually.until("the annotations of " + mailbox + " of " + user.address() + " on " + node, Convergence.timeout(), () -> {
            try (ImapSession session = pair.imap(node, user)) {
                Map<String, String> held = session.metadata(mailbox, KEYS);
                return held.equals(expected) ? List.of() : List.of("holds " + held + ", not " + expected);
            }
        });
    }

    private static void setMetadata(JamesPair pair, Node node, TestUser user, String mailbox, String key, String value)
            throws MessagingException {
        try (ImapSession session = pair.imap(node, user)) {
            session.setMetadata(mailbox, key, value);
        }
    }

    @Test
    void annotationsSetChangedAndRemovedOnEitherNodeReachTheOther(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("metadata");
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.create("Work");
            a.setMetadata("Work", COMMENT, "projects");
            a.setMetadata("Work", SHARED, "team folder");
        }
        awaitMetadata(pair, Node.B, user, "Work", Map.of(COMMENT, "projects", SHARED, "team folder"));

        setMetadata(pair, Node.B, user, "Work", COMMENT, "clients");
        setMetadata(pair, Node.B, user, "INBOX", COLOR, "red");
        awaitMetadata(pair, Node.A, user, "Work", Map.of(COMMENT, "clients", SHARED, "team folder"));
        awaitMetadata(pair, Node.A, user, "INBOX", Map.of(COLOR, "red"));

        // NIL removes: the removal replicates (by its tombstone), the other key stays.
        setMetadata(pair, Node.A, user, "Work", SHARED, null);
        awaitMetadata(pair, Node.B, user, "Work", Map.of(COMMENT, "clients"));

        // A renamed mailbox keeps its annotations on both nodes (they follow its UIDVALIDITY).
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.rename("Work", "Projects");
        }
        setMetadata(pair, Node.B, user, "INBOX", COLOR, "blue");
        awaitMetadata(pair, Node.A, user, "INBOX", Map.of(COLOR, "blue"));
        awaitMetadata(pair, Node.B, user, "Projects", Map.of(COMMENT, "clients"));

        verifyFindsNothing(pair, user);
        Convergence.await(pair, user, new AcknowledgedMail());
    }

    @Test
    void aKeyChangedOnBothNodesWhileApartEndsWithTheTieBreakNodesValue(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("metadata-conflict");
        setMetadata(pair, Node.A, user, "INBOX", COMMENT, "before");
        awaitMetadata(pair, Node.B, user, "INBOX", Map.of(COMMENT, "before"));

        try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
            setMetadata(pair, Node.A, user, "INBOX", COMMENT, "from a");
            setMetadata(pair, Node.B, user, "INBOX", COMMENT, "from b");
            // A key only one side changed merges without conflict.
            setMetadata(pair, Node.A, user, "INBOX", COLOR, "green");
        }

        // Node names break the tie: "b" sorts after "a".
        for (Node node : Node.values()) {
            awaitMetadata(pair, node, user, "INBOX", Map.of(COMMENT, "from b", COLOR, "green"));
        }
        verifyFindsNothing(pair, user);
        Convergence.await(pair, user, new AcknowledgedMail());
    }

    /** James 3.8.1 keeps annotations per mailbox only: a server annotation (mailbox "") is refused, so there is none to replicate. */
    @Test
    void serverAnnotationsAreRefusedByJames(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("metadata-server");
        try (ImapSession a = pair.imap(Node.A, user)) {
            assertThatThrownBy(() -> a.setMetadata("", COMMENT, "server")).isInstanceOf(MessagingException.class);
        }
    }

    /** WebAdmin's verify compares the annotations too: once in step, from either node, nothing differs. */
    private static void verifyFindsNothing(JamesPair pair, TestUser user) {
        new ReplicatorCli(pair).awaitIdentical(user.address());
    }
}
