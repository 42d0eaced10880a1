package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableList;

import dev.jamesreplicator.content.ContentSpool;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Seeded fuzzing of the server's stack (decoder, handshake, body assembly, session handler):
 * generated frame sequences, some after a genuine handshake, cut at random byte boundaries.
 * Whatever comes in: no exception escapes the pipeline, no session opens without the password,
 * a session only ever sees whole CALLs and BODYs within the limits (each one readable to its
 * announced size), a peer that is refused is disconnected, and no spool file outlives its
 * connection. {@code -Dfuzz.cases=N -Dfuzz.seed=S} for more, or another run.
 */
class WireFuzzTest {
    private static final String PASSWORD = "a-shared-secret-of-some-length";
    /** Shared by every try: each derives its key once (the expensive step), as a running server does. */
    private static final ServerSalt SALT = ServerSalt.random();
    private static final MutualAuth SERVER_AUTH = new MutualAuth(PASSWORD);
    private static final MutualAuth CLIENT_AUTH = new MutualAuth(PASSWORD);
    private static final MutualAuth GUESS_AUTH = new MutualAuth("a-wrong-guess-at-the-secret");

    static {
        // Before the time budget starts: a key derivation is the slow part, and a running node pays it once.
        for (MutualAuth auth : new MutualAuth[] {SERVER_AUTH, CLIENT_AUTH, GUESS_AUTH}) {
            auth.key(SALT.salt(), SALT.iterations());
        }
    }
    private static final Path SPOOL = spoolDirectory();
    /** Bodies above 64 KiB go to spool files, so the fuzz reaches the file path too. */
    private static final WireLimits LIMITS = new WireLimits(WireLimits.BODY_CHUNK_BYTES + 1024, Duration.ofHours(1),
        Duration.ofSeconds(5), 4, 1024 * 1024, ContentSpool.ownDirectory(SPOOL, 64 * 1024));
    private static final int CASES = Integer.getInteger("fuzz.cases", 3000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261129L);
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 12));

    @Test
    void generatedFramesNeverBreakTheServer() throws Exception {
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + BUDGET.toNanos();
        int cases = 0;
        int authenticatedCases = 0;
        int totalFrames = 0;
        for (; cases < CASES && System.nanoTime() < deadline; cases++) {
            long caseSeed = random.nextLong();
            try {
                Outcome outcome = runCase(new Random(caseSeed));
                totalFrames += outcome.frames;
                authenticatedCases += outcome.authenticated ? 1 : 0;
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("fuzz case with seed " + caseSeed + " (-Dfuzz.seed=" + SEED + ") failed: " + e, e);
            }
        }
        assertThat(cases).as("cases run in the time budget").isGreaterThan(Math.min(CASES, 500));
        assertThat(authenticatedCases).as("cases that reached the session").isGreaterThan(cases / 5);
        System.out.printf("wire fuzz: %d cases, %d frames, %d past authentication, seed %d%n", cases, totalFrames,
            authenticatedCases, SEED);
    }

    private static final class Outcome {
        int frames;
        boolean authenticated;
    }

    private Outcome runCase(Random random) throws Exception {
        List<String> opened = new ArrayList<>();
        List<Frame> seen = new ArrayList<>();
        // Recorded, then asserted after the pipeline ran: Netty would take a throw from onFrame for a refusal.
        List<String> bodyProblems = new ArrayList<>();
        ServedSession.Factory sessions = peer -> {
            opened.add(peer);
            return new ServedSession() {
                @Override
                public List<Frame> onFrame(Frame frame) {
                    seen.add(frame);
                    if (frame.type() == FrameType.BODY) {
                        try (InputStream in = frame.content().open()) {
                            long read = in.transferTo(OutputStream.nullOutputStream());
                            if (read != frame.content().size()) {
                                bodyProblems.add("a body of " + frame.content().size() + " bytes read as " + read);
                            }
                        } catch (IOException e) {
                            bodyProblems.add("an unreadable body: " + e);
                        }
                    }
                    return ImmutableList.of(new Frame(FrameType.REPLY, new byte[0]));
                }

                @Override
                public void close() {
                }
            };
        };
        LoginThrottle throttle = LoginThrottle.defaults();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("frame-decoder", new FrameDecoder(WireLimits.PRE_AUTH_MAX_FRAME_BYTES));
        channel.pipeline().addLast("frame-encoder", new FrameEncoder());
        channel.pipeline().addLast("handshake", new ServerHandshakeHandler("b", SERVER_AUTH, SALT, LIMITS, throttle,
            InetAddress.getLoopbackAddress(), sessions, null));
        Outcome outcome = new Outcome();
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        if (random.nextInt(3) > 0) {
            outcome.authenticated = authenticate(channel, random);
            if (!outcome.authenticated) {
                return outcome;
            }
            assertThat(opened).containsExactly("a");
        }
        int frames = 1 + random.nextInt(12);
        for (int i = 0; i < frames; i++) {
            writeGenerated(new DataOutputStream(input), random);
        }
        outcome.frames = frames;
        byte[] bytes = input.toByteArray();
        for (int offset = 0; offset < bytes.length && channel.isOpen(); ) {
            // byte-sized pieces where they are cheap, big ones through bodies
            int piece = Math.min(bytes.length - offset, 1 + random.nextInt(bytes.length < 8192 && random.nextBoolean() ? 16 : 70_000));
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, piece));
            offset += piece;
        }
        channel.checkException();
        assertThat(bodyProblems).as("bodies the session read").isEmpty();
        if (!outcome.authenticated) {
            assertThat(opened).as("no session without the password").isEmpty();
        }
        for (Frame frame : seen) {
            assertThat(frame.type()).as("what a session sees").isIn(FrameType.CALL, FrameType.BODY, FrameType.HELLO,
                FrameType.PROOF, FrameType.REPLY, FrameType.ERROR);
            if (frame.type() == FrameType.BODY) {
                assertThat(frame.content().size()).isLessThanOrEqualTo(LIMITS.maxMessageBytes());
            }
        }
        List<Frame> out = outbound(channel);
        boolean refused = out.stream().anyMatch(frame -> frame.type() == FrameType.ERROR);
        if (refused) {
            assertThat(channel.isOpen()).as("a refused peer is disconnected").isFalse();
        }
        channel.finishAndReleaseAll();
        try (Stream<Path> left = Files.list(SPOOL)) {
            assertThat(left).as("spool files after the connection ended").isEmpty();
        }
        return outcome;
    }

    private static boolean authenticate(EmbeddedChannel channel, Random random) throws IOException {
        Hello mine = new Hello(MutualAuth.PROTOCOL_VERSION, "a", MutualAuth.newNonce());
        channel.writeInbound(Unpooled.wrappedBuffer(wire(WireJson.frame(FrameType.HELLO, mine))));
        List<Frame> answer = outbound(channel);
        assertThat(answer).as(answer.toString() + answer.stream().map(Frame::payloadAsText).collect(java.util.stream.Collectors.toList()))
            .extracting(Frame::type).containsExactly(FrameType.HELLO);
        Hello theirs = WireJson.read(answer.get(0), FrameType.HELLO, Hello.class);
        boolean rightPassword = random.nextInt(10) > 0;
        String proof = (rightPassword ? CLIENT_AUTH : GUESS_AUTH).proof("client", mine, theirs,
            MutualAuth.NO_CHANNEL_BINDING);
        channel.writeInbound(Unpooled.wrappedBuffer(wire(WireJson.frame(FrameType.PROOF, new Proof(proof)))));
        List<Frame> verdict = outbound(channel);
        assertThat(verdict).extracting(Frame::type).containsExactly(rightPassword ? FrameType.PROOF : FrameType.ERROR);
        assertThat(channel.isOpen()).isEqualTo(rightPassword);
        return rightPassword;
    }

    private static Path spoolDirectory() {
        try {
            Path directory = Files.createTempDirectory("wire-fuzz-spool");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Frame> outbound(EmbeddedChannel channel) throws IOException {
        List<Frame> frames = new ArrayList<>();
        ByteBuf all = Unpooled.buffer();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) message;
            all.writeBytes(buf);
            buf.release();
        }
        BodyChunks bodies = new BodyChunks(Long.MAX_VALUE, ContentSpool.inTempDirectory());
        while (all.readableBytes() >= 5) {
            int length = all.readInt();
            FrameType type = FrameType.fromCode(all.readByte());
            byte[] payload = new byte[length - 1];
            all.readBytes(payload);
            Frame frame = bodies.accept(new Frame(type, payload));
            if (frame != null) {
                frames.add(frame);
            }
        }
        all.release();
        return frames;
    }

    /** One frame, well-formed or not, of the kinds a confused or hostile peer might send. */
    private static void writeGenerated(DataOutputStream out, Random random) throws IOException {
        switch (random.nextInt(12)) {
            case 0:
                byte[] garbage = new byte[random.nextInt(64)];
                random.nextBytes(garbage);
                out.write(garbage);
                return;
            case 1:
                out.writeInt(random.nextInt());
                out.writeByte(random.nextInt(256));
                return;
            case 2:
                out.writeInt(random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt(LIMITS.maxFrameBytes() * 2));
                out.writeByte(FrameType.CALL.code());
                return;
            case 3:
                writeFrame(out, FrameType.BODY_CHUNK, randomBytes(random, random.nextBoolean() ? 200 : WireLimits.BODY_CHUNK_BYTES + 2));
                return;
            case 4:
                out.writeInt(9);
                out.writeByte(FrameType.BODY_END.code());
                out.writeLong(random.nextBoolean() ? random.nextInt(400) : random.nextLong());
                return;
            case 5:
                writeFrame(out, FrameType.CALL, json(random));
                return;
            case 6:
                writeFrame(out, FrameType.HELLO, random.nextBoolean() ? json(random)
                    : ("{\"protocol\":" + random.nextInt(4) + ",\"node\":\"a\",\"nonce\":\"x\"}").getBytes(StandardCharsets.UTF_8));
                return;
            case 7:
                writeFrame(out, FrameType.PROOF, ("{\"mac\":\"" + MutualAuth.newNonce() + "\"}").getBytes(StandardCharsets.UTF_8));
                return;
            case 8:
                writeFrame(out, FrameType.values()[random.nextInt(FrameType.values().length)], randomBytes(random, 300));
                return;
            case 9:
                out.writeInt(0);
                return;
            case 10:
                int length = 1 + random.nextInt(random.nextInt(12) == 0 ? 3 * WireLimits.BODY_CHUNK_BYTES : 2000);
                byte[] body = randomBytes(random, length);
                for (int offset = 0; offset < body.length; offset += WireLimits.BODY_CHUNK_BYTES) {
                    writeFrame(out, FrameType.BODY_CHUNK, java.util.Arrays.copyOfRange(body, offset,
                        Math.min(body.length, offset + WireLimits.BODY_CHUNK_BYTES)));
                }
                out.writeInt(9);
                out.writeByte(FrameType.BODY_END.code());
                out.writeLong(random.nextInt(5) == 0 ? length + 1 : length);
                return;
            default:
                writeFrame(out, FrameType.CALL, "{\"op\":\"STATE\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] json(Random random) {
        String[] pieces = {"{", "}", "\"op\"", ":", "\"OPEN\"", ",", "\"user\"", "null", "[", "]", "1e999", "\"\\u0000\"", "-"};
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(20); i > 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random, int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static void writeFrame(DataOutputStream out, FrameType type, byte[] payload) throws IOException {
        out.writeInt(payload.length + 1);
        out.writeByte(type == FrameType.BODY ? 5 : type.code());
        out.write(payload);
    }

    private static byte[] wire(Frame frame) throws IOException {
        return ReplicaServerTest.wire(frame);
    }
}
