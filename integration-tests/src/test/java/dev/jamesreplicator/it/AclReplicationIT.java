package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.angus.mail.imap.ACL;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.Rights;
import org.junit.jupiter.api.Assumptions;
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

/**
 * Mailbox ACLs set with IMAP SETACL and DELETEACL (RFC 4314, Jakarta Mail's {@link IMAPFolder}
 * ACL calls) on one server replicate to the other, both ways (docs/acl.md).
 */
@ExtendWith(JamesPairExtension.class)
class AclReplicationIT {

    /** The identifiers the test gives rights to, in the user's domain (James refuses others). */
    private static List<String> identifiers(TestUser user) {
        String domain = user.address().substring(user.address().indexOf('@'));
        return List.of("bob" + domain, "carol" + domain, "-bob" + domain);
    }

    private static String bob(TestUser user) {
        return identifiers(user).get(0);
    }

    private static String carol(TestUser user) {
        return identifiers(user).get(1);
    }

    private static String notBob(TestUser user) {
        return identifiers(user).get(2);
    }

    private static IMAPFolder folder(ImapSession session, String mailbox) throws MessagingException {
        return (IMAPFolder) session.store().getFolder(mailbox);
    }

    /** GETACL's entries of the test's identifiers, name to rights (as the server lists them). */
    private static Map<String, String> acl(JamesPair pair, Node node, TestUser user, String mailbox) throws MessagingException {
        try (ImapSession session = pair.imap(node, user)) {
            Map<String, String> entries = new TreeMap<>();
            for (ACL entry : folder(session, mailbox).getACL()) {
                if (identifiers(user).contains(entry.getName())) {
                    entries.put(entry.getName(), rights(entry.getRights()));
                }
            }
            return entries;
        }
    }

    /** The rights' letters, sorted: the servers may list them in any order. */
    private static String rights(Rights rights) {
        char[] letters = rights.toString().toCharArray();
        Arrays.sort(letters);
        return new String(letters);
    }

    private static void awaitAcl(JamesPair pair, Node node, TestUser user, String mailbox, Map<String, String> expected) {
        Eventually.until("the ACL of " + mailbox + " of " + user.address() + " on " + node, Convergence.timeout(), () -> {
            Map<String, String> held = acl(pair, node, user, mailbox);
            return held.equals(expected) ? List.of() : List.of("holds " + held + ", not " + expected);
        });
    }

    private static void setAcl(JamesPair pair, Node node, TestUser user, String mailbox, String name, String rights)
            throws MessagingException {
        try (ImapSession session = pair.imap(node, user)) {
            folder(session, mailbox).addACL(new ACL(name, new Rights(rights)));
        }
    }

    private static void deleteAcl(JamesPair pair, Node node, TestUser user, String mailbox, String name) throws MessagingException {
        try (ImapSession session = pair.imap(node, user)) {
            folder(session, mailbox).removeACL(name);
        }
    }

    @Test
    void entriesSetChangedAndDeletedOnEitherNodeReachTheOther(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("acl");
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.create("Shared");
        }
        setAcl(pair, Node.A, user, "Shared", bob(user), "lr");
        setAcl(pair, Node.A, user, "Shared", notBob(user), "w");
        awaitAcl(pair, Node.B, user, "Shared", Map.of(bob(user), "lr", notBob(user), "w"));

        // The reverse: SETACL and a removal of rights (SETACL -x) on b.
        setAcl(pair, Node.B, user, "Shared", carol(user), "lrs");
        try (ImapSession b = pair.imap(Node.B, user)) {
            folder(b, "Shared").removeRights(new ACL(bob(user), new Rights("r")));
        }
        awaitAcl(pair, Node.A, user, "Shared", Map.of(bob(user), "l", notBob(user), "w", carol(user), "lrs"));

        // DELETEACL on a: the removal replicates by its tombstone, the other entries stay.
        deleteAcl(pair, Node.A, user, "Shared", notBob(user));
        awaitAcl(pair, Node.B, user, "Shared", Map.of(bob(user), "l", carol(user), "lrs"));

        // A renamed mailbox keeps its ACL on both nodes (it follows the mailbox's UIDVALIDITY).
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.rename("Shared", "Team");
        }
        awaitAcl(pair, Node.B, user, "Team", Map.of(bob(user), "l", carol(user), "lrs"));

        verifyFindsNothing(pair, user);
        Convergence.await(pair, user, new AcknowledgedMail());
        for (Node node : Node.values()) {
            assertThat(acl(pair, node, user, "Team")).as("on " + node).isEqualTo(Map.of(bob(user), "l", carol(user), "lrs"));
        }
    }

    @Test
    void anEntryChangedOnBothNodesWhileApartEndsWithTheTieBreakNodesRights(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("acl-conflict");
        setAcl(pair, Node.A, user, "INBOX", bob(user), "l");
        setAcl(pair, Node.A, user, "INBOX", carol(user), "l");
        awaitAcl(pair, Node.B, user, "INBOX", Map.of(bob(user), "l", carol(user), "l"));

        try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
            setAcl(pair, Node.A, user, "INBOX", bob(user), "lr");
            setAcl(pair, Node.B, user, "INBOX", bob(user), "lrw");
            // An entry only one side changed merges without conflict; one side's deletion of an entry the other left alone holds.
            deleteAcl(pair, Node.A, user, "INBOX", carol(user));
            setAcl(pair, Node.B, user, "INBOX", notBob(user), "p");
        }

        // Node names break the tie: "b" sorts after "a".
        for (Node node : Node.values()) {
            awaitAcl(pair, node, user, "INBOX", Map.of(bob(user), "lrw", notBob(user), "p"));
        }
        verifyFindsNothing(pair, user);
        Convergence.await(pair, user, new AcknowledgedMail());
    }

    /**
     * James 3.8.1's JPA mailbox keeps no ACL (it would be gone by the next command, and at
     * restart); the replicator's store does. With the link paused on b, nothing comes from the twin.
     */
    @Test
    void anAclSurvivesTheRestartOfAJpaNode(JamesPair pair) throws Exception {
        Assumptions.assumeTrue(pair.persistent(), "a node of the memory backend comes back empty, ACLs and all");
        TestUser user = pair.newSettledUser("acl-restart");
        try (ImapSession a = pair.imap(Node.A, user)) {
            a.create("Kept");
        }
        setAcl(pair, Node.A, user, "Kept", bob(user), "lrs");
        awaitAcl(pair, Node.B, user, "Kept", Map.of(bob(user), "lrs"));

        try (ReplicationLinkSwitch paused = ReplicationLinkSwitch.pauseOn(pair, Node.B)) {
            pair.kill(Node.A);
            pair.start(Node.A);
            assertThat(acl(pair, Node.A, user, "Kept")).isEqualTo(Map.of(bob(user), "lrs"));
        }
        verifyFindsNothing(pair, user);
        Convergence.await(pair, user, new AcknowledgedMail());
    }

    /** WebAdmin's verify compares the ACLs too: once in step, from either node, nothing differs. */
    private static void verifyFindsNothing(JamesPair pair, TestUser user) {
        new ReplicatorCli(pair).awaitIdentical(user.address());
    }
}
