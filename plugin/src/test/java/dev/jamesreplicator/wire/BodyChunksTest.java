package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.content.ContentSpool;
import dev.jamesreplicator.content.MessageContent;
import dev.jamesreplicator.content.Sha256;

/**
 * Bodies in chunks: the receiver spools them and refuses, as they arrive, a body over the limit,
 * cut short or mis-announced, leaving no spool file behind; the sender reads one chunk at a time.
 */
class BodyChunksTest {
    private static final int THRESHOLD = 100 * 1024;
    private static final long LIMIT = 3L * WireLimits.BODY_CHUNK_BYTES + 10;

    @TempDir
    Path directory;

    private BodyChunks receiver() {
        return new BodyChunks(LIMIT, ContentSpool.ownDirectory(directory, THRESHOLD));
    }

    @Test
    void aBodyComesBackWholeSpooledAndHashedAsItArrived() throws IOException {
        byte[] bytes = random((int) LIMIT);
        BodyChunks bodies = receiver();
        List<Frame> wire = chunksOf(bytes);
        for (Frame frame : wire.subList(0, wire.size() - 1)) {
            assertThat(bodies.accept(frame)).isNull();
        }
        assertThat(spoolFiles()).as("spooled once above the threshold").hasSize(1);
        Frame body = bodies.accept(wire.get(wire.size() - 1));
        assertThat(body.type()).isEqualTo(FrameType.BODY);
        try (MessageContent content = body.content()) {
            assertThat(content.size()).isEqualTo(bytes.length);
            assertThat(content.sha256()).isEqualTo(Sha256.of(bytes));
            assertThat(read(content)).isEqualTo(bytes);
        }
        assertThat(spoolFiles()).isEmpty();
        assertThat(bodies.accept(Frame.text(FrameType.CALL, "next"))).extracting(Frame::type).isEqualTo(FrameType.CALL);
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsSoonAsItPassesItAndLeavesNoFile() throws IOException {
        BodyChunks bodies = receiver();
        byte[] chunk = new byte[WireLimits.BODY_CHUNK_BYTES];
        for (int i = 0; i < 3; i++) {
            bodies.accept(new Frame(FrameType.BODY_CHUNK, chunk));
        }
        assertThat(spoolFiles()).hasSize(1);
        assertThatThrownBy(() -> bodies.accept(new Frame(FrameType.BODY_CHUNK, new byte[11])))
            .isInstanceOf(BodyChunks.BodyTooLargeException.class)
            .hasMessageContaining("above the limit of " + LIMIT).hasMessageContaining("<maxMessageSize>");
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aTruncatedOrCutBodyIsRefusedAndLeavesNoFile() throws IOException {
        BodyChunks bodies = receiver();
        List<Frame> wire = chunksOf(random(2 * WireLimits.BODY_CHUNK_BYTES));
        bodies.accept(wire.get(0));
        bodies.accept(wire.get(1));
        assertThatThrownBy(() -> bodies.accept(BodyChunks.end(2L * WireLimits.BODY_CHUNK_BYTES + 1)))
            .isInstanceOf(WireException.class).hasMessageContaining("announced as");
        assertThat(spoolFiles()).isEmpty();

        bodies.accept(wire.get(0));
        assertThatThrownBy(() -> bodies.accept(Frame.text(FrameType.CALL, "{}")))
            .isInstanceOf(WireException.class).hasMessageContaining("cut short");
        assertThat(spoolFiles()).isEmpty();

        bodies.accept(wire.get(0));
        assertThat(spoolFiles()).hasSize(1);
        bodies.discard();
        assertThat(spoolFiles()).as("the connection ended").isEmpty();
    }

    @Test
    void aPeerThatHangsUpMidBodyLeavesNoFile() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        List<Frame> wire = chunksOf(random(2 * WireLimits.BODY_CHUNK_BYTES));
        for (Frame frame : wire.subList(0, 2)) {
            out.writeInt(frame.payload().length + 1);
            out.writeByte(frame.type().code());
            out.write(frame.payload());
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertThatThrownBy(() -> BlockingFrames.readAssembled(in, WireLimits.BODY_CHUNK_BYTES + 1, receiver()))
            .isInstanceOf(WireException.class).hasMessageContaining("closed the connection");
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void theSenderReadsOneChunkAtATimeAndEndsWithTheLength() throws IOException {
        byte[] bytes = random(2 * WireLimits.BODY_CHUNK_BYTES + 5);
        long[] read = new long[1];
        MessageContent content = new MessageContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = super.read(buffer, offset, length);
                        read[0] += Math.max(n, 0);
                        return n;
                    }
                };
            }

            @Override
            public String sha256() {
                return Sha256.of(bytes);
            }
        };
        List<Frame> sent = new ArrayList<>();
        try (BodyChunks.Outgoing outgoing = new BodyChunks.Outgoing(content)) {
            for (Frame frame = outgoing.next(); frame != null; frame = outgoing.next()) {
                sent.add(frame);
                assertThat(read[0]).as("read ahead of what was handed out").isLessThanOrEqualTo(outgoing.sent());
            }
        }
        assertThat(sent).extracting(Frame::type).containsExactly(FrameType.BODY_CHUNK, FrameType.BODY_CHUNK,
            FrameType.BODY_CHUNK, FrameType.BODY_END);
        assertThat(sent.get(3).payload()).isEqualTo(BodyChunks.end(bytes.length).payload());
        try (MessageContent back = receiveAll(sent)) {
            assertThat(read(back)).isEqualTo(bytes);
        }
    }

    private MessageContent receiveAll(List<Frame> frames) throws IOException {
        BodyChunks bodies = receiver();
        Frame body = null;
        for (Frame frame : frames) {
            body = bodies.accept(frame);
        }
        return body.content();
    }

    private static List<Frame> chunksOf(byte[] bytes) {
        List<Frame> frames = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; offset += WireLimits.BODY_CHUNK_BYTES) {
            frames.add(new Frame(FrameType.BODY_CHUNK,
                Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + WireLimits.BODY_CHUNK_BYTES))));
        }
        frames.add(BodyChunks.end(bytes.length));
        return frames;
    }

    private List<Path> spoolFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.collect(java.util.stream.Collectors.toList());
        }
    }

    private static byte[] read(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
