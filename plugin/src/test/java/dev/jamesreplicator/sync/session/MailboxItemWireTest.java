package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.state.AclJournal;
import dev.jamesreplicator.state.AnnotationJournal;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.MailboxItemSync;
import dev.jamesreplicator.sync.MailboxItems;
import dev.jamesreplicator.sync.ModelMailboxItemStore;
import dev.jamesreplicator.sync.ModelMailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.ReplicaServer;
import dev.jamesreplicator.wire.TlsChannel;
import dev.jamesreplicator.wire.TwinConnections;
import dev.jamesreplicator.wire.WireSecurity;

/**
 * The annotation and ACL steps over a real replication port: the twin's annotations and ACL
 * entries behind its served session, the ANNOTATION_* and ACL_* calls as JSON frames.
 */
class MailboxItemWireTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final String ALICE = "alice@example.test";
    private static final long WORK = 7;

    @TempDir
    Path directory;

    private ReplicaServer server;
    private StateStore localState;
    private StateStore twinState;
    private ModelMailboxItemStore local;
    private ModelMailboxItemStore twin;
    private ModelMailboxItemStore localAcl;
    private ModelMailboxItemStore twinAcl;
    private TwinConnections connections;

    @BeforeEach
    void start() {
        localState = new StateStore(directory.resolve("a-state"));
        twinState = new StateStore(directory.resolve("b-state"));
        local = new ModelMailboxItemStore(ALICE, new AnnotationJournal(localState)).mailbox(WORK, "Work");
        twin = new ModelMailboxItemStore(ALICE, new AnnotationJournal(twinState)).mailbox(WORK, "Work é");
        localAcl = new ModelMailboxItemStore(ALICE, new AclJournal(localState)).mailbox(WORK, "Work");
        twinAcl = new ModelMailboxItemStore(ALICE, new AclJournal(twinState)).mailbox(WORK, "Work é");
        Journal journal = new Journal(twinState);
        ModelMailStore mail = new ModelMailStore(new Random(1));
        server = new ReplicaServer("b", PASSWORD, TestWireLimits.of(directory, "b", 1 << 20), WireSecurity.plaintext(),
            peer -> new ServedSyncSession("b", peer, new UserLocks(), user -> true, user -> mail, new ReplicationLink(),
                journal, user -> false, List::of, user -> { }, null, user -> twin, user -> twinAcl, null));
        HostPort address = new HostPort("127.0.0.1", server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
        connections = new TwinConnections(new ReplicaClient("a", PASSWORD, TestWireLimits.of(directory, "a", 1 << 20),
            TlsChannel.off(), Duration.ofSeconds(5)), address, 1);
    }

    @AfterEach
    void stop() {
        connections.close();
        server.close();
        localState.close();
        twinState.close();
    }

    private void syncAnnotations() throws Exception {
        try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection, ALICE))) {
            new MailboxItemSync(MailboxItems.ANNOTATIONS).sync(local, session.opened().annotations(), false);
            session.end();
        }
    }

    private void syncAcl() throws Exception {
        try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection, ALICE))) {
            new MailboxItemSync(MailboxItems.ACL).sync(localAcl, session.opened().acl(), false);
            session.end();
        }
    }

    @Test
    void annotationsAndRemovalsCrossThePortBothWays() throws Exception {
        local.userSets(WORK, "/private/comment", "projets d'été");
        twin.userSets(WORK, "/shared/comment", "shared");
        syncAnnotations();
        assertThat(twin.value(WORK, "/private/comment")).contains("projets d'été");
        assertThat(local.value(WORK, "/shared/comment")).contains("shared");

        twin.userSets(WORK, "/private/comment", null);
        syncAnnotations();
        assertThat(local.value(WORK, "/private/comment")).isEmpty();
        assertThat(twin.read().tombstones().isEmpty()).as("the twin dropped the tombstone it sent").isTrue();
        assertThat(twin.common()).isEqualTo(local.common());
    }

    @Test
    void aWriteTheTwinRefusesComesBackAsItsConflict() {
        twin.userSets(WORK, "/private/comment", "client's");

        assertThatThrownBy(() -> {
            try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection, ALICE))) {
                session.opened().annotations().write(WORK, "Work é", "/private/comment", Optional.of("mine"), Optional.empty());
            }
        }).isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThat(twin.value(WORK, "/private/comment")).contains("client's");
    }

    @Test
    void aclEntriesAndRemovalsCrossThePortBothWaysAndAConflictEndsWithTheTwinsRights() throws Exception {
        localAcl.userSets(WORK, "bob@example.test", "lr");
        twinAcl.userSets(WORK, "-$team", "w");
        syncAcl();
        assertThat(twinAcl.value(WORK, "bob@example.test")).contains("lr");
        assertThat(localAcl.value(WORK, "-$team")).contains("w");

        twinAcl.userSets(WORK, "-$team", null);
        localAcl.userSets(WORK, "bob@example.test", "lrs");
        twinAcl.userSets(WORK, "bob@example.test", "lrw");
        syncAcl();
        assertThat(localAcl.value(WORK, "-$team")).isEmpty();
        // "b" (the twin) sorts after "a": its rights win the entry both changed.
        assertThat(localAcl.value(WORK, "bob@example.test")).contains("lrw");
        assertThat(twinAcl.value(WORK, "bob@example.test")).contains("lrw");
        assertThat(twinAcl.read().tombstones().isEmpty()).as("the twin dropped the tombstone it sent").isTrue();
        assertThat(twinAcl.common()).isEqualTo(localAcl.common());
        assertThat(twin.read().state().mailbox(WORK).orElseThrow().annotations()).as("the ACL calls wrote no annotation").isEmpty();
    }

    @Test
    void anAclWriteTheTwinRefusesComesBackAsItsConflict() {
        twinAcl.userSets(WORK, "bob@example.test", "l");

        assertThatThrownBy(() -> {
            try (TwinConnections.Session<RemoteMailStore> session = connections.open(connection -> RemoteMailStore.open(connection, ALICE))) {
                session.opened().acl().write(WORK, "Work é", "bob@example.test", Optional.of("lr"), Optional.empty());
            }
        }).isInstanceOf(SyncException.class).extracting(e -> ((SyncException) e).code()).isEqualTo(SyncException.Code.CONFLICT);
        assertThat(twinAcl.value(WORK, "bob@example.test")).contains("l");
    }
}
