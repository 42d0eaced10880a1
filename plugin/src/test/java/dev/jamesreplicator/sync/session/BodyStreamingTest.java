package dev.jamesreplicator.sync.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;
import dev.jamesreplicator.model.CommonState;
import dev.jamesreplicator.model.MessageState;
import dev.jamesreplicator.model.Tombstones;
import dev.jamesreplicator.model.UserState;
import dev.jamesreplicator.state.Journal;
import dev.jamesreplicator.state.StateStore;
import dev.jamesreplicator.sync.ContentCheck;
import dev.jamesreplicator.sync.MailStore;
import dev.jamesreplicator.sync.ReplicationLink;
import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.sync.UserLocks;
import dev.jamesreplicator.wire.BodyChunks;
import dev.jamesreplicator.wire.ClientConnection;
import dev.jamesreplicator.wire.Frame;
import dev.jamesreplicator.wire.FrameType;
import dev.jamesreplicator.wire.ReplicaClient;
import dev.jamesreplicator.wire.ReplicaServer;
import dev.jamesreplicator.wire.TlsChannel;
import dev.jamesreplicator.wire.WireJson;
import dev.jamesreplicator.wire.WireLimits;
import dev.jamesreplicator.wire.WireSecurity;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * A 25 MB message through the real path, both ways: {@link RemoteMailStore} over a
 * {@link ReplicaClient} connection to a {@link ReplicaServer} serving a {@link ServedSyncSession}.
 * The stores at both ends make and take the bytes as streams and keep none of them, so what the
 * heap (and Netty's buffer pools) hold beyond them is the path's doing. Probes look at it, after
 * a full GC, every 2 MiB the source hands out and every 2 MiB the target takes in: whole-body
 * buffering anywhere on the way (sender, Netty's outbound buffer, receiver) would show there as
 * 25 MB more.
 */
class BodyStreamingTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    private static final int MIB = 1024 * 1024;
    private static final int SIZE = 25 * MIB;
    /** Spool thresholds (1 MiB each side), a few chunks in flight, the probes' own noise. */
    private static final long RETAINED_BOUND = 10L * MIB;

    @TempDir
    Path directory;

    private final HeapProbe probe = new HeapProbe();
    private final StreamStore served = new StreamStore(probe);
    private ReplicaServer server;
    private StateStore state;
    private HostPort address;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (state != null) {
            state.close();
        }
    }

    private WireLimits limits(String node, long maxMessageBytes) {
        return TestWireLimits.of(directory, node, maxMessageBytes);
    }

    private void startServer(long maxMessageBytes) {
        state = new StateStore(directory.resolve("state"));
        Journal journal = new Journal(state);
        server = new ReplicaServer("b", PASSWORD, limits("b", maxMessageBytes), WireSecurity.plaintext(),
            peer -> new ServedSyncSession("b", peer, new UserLocks(), user -> true, user -> served, new ReplicationLink(),
                journal));
        address = new HostPort("127.0.0.1", server.start(new InetSocketAddress("127.0.0.1", 0)).getPort());
    }

    private ClientConnection connect(long maxMessageBytes) {
        return new ReplicaClient("a", PASSWORD, limits("a", maxMessageBytes), TlsChannel.off(), Duration.ofSeconds(5)).connect(address);
    }

    @Test
    void a25MegabyteMessageCrossesBothWaysWithTheHeapBoundedFarBelowItsSize() throws IOException {
        startServer(64L * MIB);
        StreamStore local = new StreamStore(probe);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            MessageState message = local.hold(1, SIZE);
            // once unmeasured, so pools and buffers are at their working size
            copy(local, remote, message);
            served.stored.clear();

            probe.start();
            copy(local, remote, message);
            long append = probe.stop();
            assertThat(served.stored).containsEntry(1L, message.hash());

            served.hold(2, SIZE);
            MessageState theirs = served.state(2);
            probe.start();
            copy(remote, local, theirs);
            long fetch = probe.stop();
            assertThat(local.stored).containsEntry(2L, theirs.hash());

            System.out.printf("25 MiB message, retained beyond the stores at the worst probe: APPEND %.1f MiB, FETCH %.1f MiB"
                + " (%d and %d probes)%n", append / (double) MIB, fetch / (double) MIB, probe.looksAt(1), probe.looksAt(2));
            assertThat(probe.looksAt(1)).as("probes during the APPEND").isGreaterThanOrEqualTo(20);
            assertThat(probe.looksAt(2)).as("probes during the FETCH").isGreaterThanOrEqualTo(20);
            assertThat(append).as("retained during the APPEND").isLessThan(RETAINED_BOUND);
            assertThat(fetch).as("retained during the FETCH").isLessThan(RETAINED_BOUND);
        }
        assertThat(spoolFiles("a")).isEmpty();
        assertThat(spoolFiles("b")).isEmpty();
    }

    /** What the applier does: fetch from the source, stream into the target, close. */
    private static void copy(MailStore source, MailStore target, MessageState message) {
        try (MessageContent content = source.fetch("INBOX", 1, message.uid())) {
            target.append("INBOX", 1, message, content);
        }
    }

    @Test
    void aTwinThatStopsReadingStallsTheFetchAfterAFewChunks() throws Exception {
        startServer(64L * MIB);
        served.hold(3, SIZE);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore.open(connection, "user@example.test");
            connection.send(WireJson.frame(FrameType.CALL, new SyncCall.Fetch("INBOX", 1L, 3L)));
            assertThat(connection.receive().type()).isEqualTo(FrameType.REPLY);
            // the body follows; nobody reads it: the server must stop reading from the store
            long readWhileStalled = awaitSteady(served.read);
            assertThat(readWhileStalled).as("the server started sending the body").isPositive();
            System.out.printf("a FETCH nobody reads: %.1f MiB of 25 read from the store%n", readWhileStalled / (double) MIB);
            assertThat(readWhileStalled).as("bytes read from the store while the twin does not read").isLessThan(12L * MIB);
            Frame body = connection.receive();
            try (MessageContent content = body.content(); InputStream in = content.open()) {
                assertThat(Sha256.of(in)).isEqualTo(served.state(3).hash());
            }
        }
    }

    /** The counter's value once it has not moved for 300 ms (at most 30 s). */
    private static long awaitSteady(AtomicLong counter) {
        AtomicLong last = new AtomicLong(counter.get());
        // unchanged since the previous poll, on every poll for 300 ms (a change starts the 300 ms over)
        await("the counter to stop moving").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20)).until(() -> {
                long now = counter.get();
                return now == last.getAndSet(now);
            });
        return last.get();
    }

    @Test
    void aBodyThatDoesNotMatchItsMessageIsRefusedAndNothingStored() {
        startServer(64L * MIB);
        StreamStore local = new StreamStore(probe);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            MessageState message = local.hold(4, 3 * MIB);
            MessageState otherHash = new MessageState(4, 1, List.of(), 0, message.size(), Sha256.of(new byte[1]));
            try (MessageContent content = local.fetch("INBOX", 1, 4)) {
                assertThatThrownBy(() -> remote.append("INBOX", 1, otherHash, content))
                    .isInstanceOf(SyncException.class).hasMessageContaining("not stored");
            }
            MessageState shorter = new MessageState(4, 1, List.of(), 0, message.size() + 1, message.hash());
            try (MessageContent content = local.fetch("INBOX", 1, 4)) {
                assertThatThrownBy(() -> remote.append("INBOX", 1, shorter, content))
                    .isInstanceOf(SyncException.class).hasMessageContaining("not stored");
            }
            assertThat(served.stored).isEmpty();
            copy(local, remote, message);
            assertThat(served.stored).as("the connection still serves").containsEntry(4L, message.hash());
        }
    }

    @Test
    void aConnectionCutInTheMiddleOfABodyStoresNothingAndLeavesNoSpoolFile() throws Exception {
        startServer(64L * MIB);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore.open(connection, "user@example.test");
            MessageState message = new MessageState(5, 1, List.of(), 0, 4L * MIB, "0".repeat(64));
            connection.send(WireJson.frame(FrameType.CALL, new SyncCall.Append("INBOX", 1L, message, false)));
            for (int i = 0; i < 8; i++) {
                connection.send(new Frame(FrameType.BODY_CHUNK, new byte[WireLimits.BODY_CHUNK_BYTES]));
            }
            awaitSpoolFiles("b", 1);
        }
        awaitSpoolFiles("b", 0);
        assertThat(served.stored).isEmpty();
        assertThat(served.appends.get()).as("appends the store saw").isZero();
    }

    @Test
    void aMessageAboveTheLimitFailsTheCopyWithTheSettingToChange() {
        startServer(64L * MIB);
        StreamStore local = new StreamStore(probe);
        try (ClientConnection connection = connect(5L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            MessageState large = local.hold(6, 6 * MIB);
            assertThatThrownBy(() -> copy(local, remote, large))
                .isInstanceOf(SyncException.class).hasMessageContaining("<maxMessageSize>").hasMessageContaining("6291456 bytes");
            assertThat(served.stored).isEmpty();
            MessageState small = local.hold(7, MIB);
            copy(local, remote, small);
            assertThat(served.stored).as("nothing was sent: the connection still serves").containsOnlyKeys(7L);

            served.hold(8, 6 * MIB);
            assertThatThrownBy(() -> copy(remote, local, served.state(8)))
                .isInstanceOf(SyncException.class).hasMessageContaining("above the limit of 5242880 bytes")
                .hasMessageContaining("<maxMessageSize>");
            assertThat(local.stored).isEmpty();
        }
        assertThat(spoolFiles("a")).isEmpty();
    }

    @Test
    void aTwinWithALowerLimitRefusesTheBodyAndStoresNothing() throws Exception {
        startServer(5L * MIB);
        StreamStore local = new StreamStore(probe);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            MessageState large = local.hold(9, 6 * MIB);
            // refused while the body is still being sent, or in answer to it: the twin's reason either way
            assertThatThrownBy(() -> copy(local, remote, large))
                .hasMessageContaining("refused: a message body above the limit of 5242880 bytes (<maxMessageSize>");
        }
        awaitSpoolFiles("b", 0);
        assertThat(served.appends.get()).isZero();
    }

    @Test
    void whetherAMessageBeganAThreadCrossesWithItsBodyBothWays() {
        startServer(64L * MIB);
        StreamStore local = new StreamStore(probe);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            copy(local, remote, local.hold(1, 1000));
            local.startingThreads.add(2L);
            copy(local, remote, local.hold(2, 1000));
            served.hold(3, 1000);
            copy(remote, local, served.state(3));
            served.startingThreads.add(4L);
            served.hold(4, 1000);
            copy(remote, local, served.state(4));
        }
        assertThat(served.toldStartsThread).as("APPEND to the twin").isEqualTo(Map.of(1L, false, 2L, true));
        assertThat(local.toldStartsThread).as("FETCH from the twin").isEqualTo(Map.of(3L, false, 4L, true));
    }

    @Test
    void aCopyWithinTheTwinSendsNoBody() {
        startServer(64L * MIB);
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            MessageState original = served.hold(10, 3 * MIB);
            MessageState renumbered = original.renumbered(11, 0);
            remote.copy("INBOX", 1, 10, "INBOX", 1, renumbered);
            assertThat(served.stored).containsEntry(11L, original.hash());
            assertThat(served.read.get()).as("bytes read: once, on the twin").isEqualTo(3L * MIB);
        }
        assertThat(spoolFiles("a")).as("nothing came over").isEmpty();
    }

    @Test
    void aBodyTheServingStoreCannotReadToItsEndCutsTheConnectionAtOnce() {
        startServer(64L * MIB);
        served.hold(12, 3 * MIB);
        served.unreadable.add(12L);
        long started = System.nanoTime();
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            assertThatThrownBy(() -> remote.fetch("INBOX", 1, 12)).isInstanceOf(RuntimeException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the idle timeout").isLessThan(Duration.ofSeconds(10));
        assertThat(spoolFiles("a")).isEmpty();
    }

    @Test
    void aBodyThisSideCannotReadToItsEndFailsTheSessionAtOnceAndTheTwinStoresNothing() throws Exception {
        startServer(64L * MIB);
        StreamStore local = new StreamStore(probe);
        MessageState message = local.hold(13, 3 * MIB);
        local.unreadable.add(13L);
        long started = System.nanoTime();
        try (ClientConnection connection = connect(64L * MIB)) {
            RemoteMailStore remote = RemoteMailStore.open(connection, "user@example.test");
            assertThatThrownBy(() -> copy(local, remote, message))
                .isInstanceOf(SyncException.class).hasMessageContaining("cannot read the message body to send");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the idle timeout").isLessThan(Duration.ofSeconds(10));
        awaitSpoolFiles("b", 0);
        assertThat(served.appends.get()).isZero();
    }

    private List<Path> spoolFiles(String node) {
        Path spool = directory.resolve(node);
        if (!Files.isDirectory(spool)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(spool)) {
            return files.collect(Collectors.toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitSpoolFiles(String node, int count) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
            .untilAsserted(() -> assertThat(spoolFiles(node)).as("spool files of " + node).hasSize(count));
    }

    /** Retained memory (heap after a full GC, plus Netty's pooled buffers), relative to when it started. */
    static final class HeapProbe {
        private final AtomicLong peak = new AtomicLong();
        private final Map<Integer, AtomicInteger> looks = new ConcurrentHashMap<>();
        private volatile boolean running;
        private volatile long baseline;
        private int round;

        void start() {
            round++;
            baseline = retained();
            peak.set(0);
            running = true;
        }

        long stop() {
            running = false;
            return peak.get();
        }

        int looksAt(int round) {
            return looks.getOrDefault(round, new AtomicInteger()).get();
        }

        void look() {
            if (running) {
                looks.computeIfAbsent(round, r -> new AtomicInteger()).incrementAndGet();
                peak.accumulateAndGet(retained() - baseline, Math::max);
            }
        }

        private static long retained() {
            System.gc();
            ByteBufAllocatorMetric netty = PooledByteBufAllocator.DEFAULT.metric();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + netty.usedDirectMemory()
                + netty.usedHeapMemory();
        }
    }

    /**
     * A mail store whose messages are generated bytes, made as they are read, and which takes a
     * message by reading it through (checked as every store does) and keeping only its hash.
     */
    static final class StreamStore implements MailStore {
        private static final int PROBE_EVERY = 2 * MIB;
        final Map<Long, String> stored = new ConcurrentHashMap<>();
        final AtomicLong read = new AtomicLong();
        final AtomicInteger appends = new AtomicInteger();
        /** Messages that began a thread of their own here, and what each append was told of that. */
        final java.util.Set<Long> startingThreads = ConcurrentHashMap.newKeySet();
        final Map<Long, Boolean> toldStartsThread = new ConcurrentHashMap<>();
        /** Messages whose stream fails after 1 MiB, like a store that breaks while a body is sent. */
        final java.util.Set<Long> unreadable = ConcurrentHashMap.newKeySet();
        private final Map<Long, MessageState> held = new ConcurrentHashMap<>();
        private final HeapProbe probe;

        StreamStore(HeapProbe probe) {
            this.probe = probe;
        }

        MessageState hold(long uid, int size) {
            try (InputStream in = new GeneratedBytes(uid, size, null, null)) {
                MessageState message = new MessageState(uid, 1, List.of(), 1_700_000_000_000L, size, Sha256.of(in));
                held.put(uid, message);
                return message;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        MessageState state(long uid) {
            return held.get(uid);
        }

        @Override
        public MessageContent fetch(String mailbox, long uidValidity, long uid) {
            MessageState message = held.get(uid);
            if (message == null) {
                throw new SyncException(SyncException.Code.NOT_FOUND, "no UID " + uid);
            }
            MessageContent content = new MessageContent() {
                @Override
                public long size() {
                    return message.size();
                }

                @Override
                public InputStream open() {
                    InputStream bytes = new GeneratedBytes(uid, (int) message.size(), probe, read);
                    return unreadable.contains(uid) ? new BreaksAfter(bytes, MIB) : bytes;
                }

                @Override
                public String sha256() {
                    return message.hash();
                }
            };
            return startingThreads.contains(uid) ? MessageContent.startingThread(content) : content;
        }

        @Override
        public MessageState append(String mailbox, long uidValidity, MessageState message, MessageContent content) {
            appends.incrementAndGet();
            toldStartsThread.put(message.uid(), content.startsThread());
            ContentCheck.verified(mailbox, message, content);
            byte[] buffer = new byte[64 * 1024];
            java.security.MessageDigest digest = Sha256.digest();
            long taken = 0;
            try (InputStream in = content.open()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                    if ((taken + n) / PROBE_EVERY > taken / PROBE_EVERY) {
                        probe.look();
                    }
                    taken += n;
                }
            } catch (IOException e) {
                throw new SyncException(SyncException.Code.FAILED, e.getMessage(), e);
            }
            stored.put(message.uid(), Sha256.hex(digest));
            return message;
        }

        @Override
        public UserState state() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void createMailbox(String name, long uidValidity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void replaceMailbox(String name, long oldUidValidity, int expectedMessages, long newUidValidity) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean expunge(String mailbox, long uidValidity, long uid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setFlags(String mailbox, long uidValidity, long uid, List<String> flags, long modSeq) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void raiseUidNext(String mailbox, long uidValidity, long uidNext) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void raiseModSeq(String mailbox, long uidValidity, long uid, long modSeq, boolean messageToo) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteMailbox(String name, long uidValidity, int expectedMessages) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void renameMailbox(long uidValidity, String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setSubscribed(String name, boolean subscribed) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void completeSync(CommonState agreed, Tombstones honoured) {
            throw new UnsupportedOperationException();
        }
    }

    /** A stream that fails after {@code limit} bytes. */
    static final class BreaksAfter extends java.io.FilterInputStream {
        private long left;

        BreaksAfter(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                throw new IOException("the store broke");
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            left -= Math.max(n, 0);
            return n;
        }
    }

    /** Pseudo-random bytes of a seed, made as they are read (xorshift), probing every 2 MiB handed out. */
    static final class GeneratedBytes extends InputStream {
        private final int size;
        private final HeapProbe probe;
        private final AtomicLong counter;
        private long state;
        private int position;

        GeneratedBytes(long seed, int size, HeapProbe probe, AtomicLong counter) {
            this.size = size;
            this.probe = probe;
            this.counter = counter;
            this.state = seed * 0x9E3779B97F4A7C15L + 1;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                if (((position + i) & 7) == 0) {
                    state ^= state << 13;
                    state ^= state >>> 7;
                    state ^= state << 17;
                }
                buffer[offset + i] = (byte) (state >>> (((position + i) & 7) * 8));
            }
            if (probe != null && (position + n) / StreamStore.PROBE_EVERY > position / StreamStore.PROBE_EVERY) {
                probe.look();
            }
            position += n;
            if (counter != null) {
                counter.addAndGet(n);
            }
            return n;
        }
    }
}
