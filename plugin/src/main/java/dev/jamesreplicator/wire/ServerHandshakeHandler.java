package dev.jamesreplicator.wire;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.EventExecutorGroup;

import dev.jamesreplicator.config.NodeNames;

/**
 * The server half of the handshake: HELLO from the twin, our HELLO, the twin's PROOF, our PROOF.
 * The key is the one {@link ReplicaServer} derived at start from its salt: a handshake costs HMACs
 * only, never a key derivation on a network thread. Nothing else is accepted before it completes, and it must complete (TLS included) within the
 * handshake timeout however slowly the bytes come. Then it raises the frame limit, hands the
 * channel to a {@link ServerSessionHandler} and leaves the pipeline.
 */
class ServerHandshakeHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerHandshakeHandler.class);
    /** For every connection of this JVM: refusals are the lines a stranger can make us write. */
    private static final LogBudget REFUSALS = LogBudget.perMinute();

    private final String nodeName;
    private final MutualAuth auth;
    private final ServerSalt salt;
    private final WireLimits limits;
    private final LoginThrottle throttle;
    private final InetAddress peer;
    private final ServedSession.Factory sessions;
    private final EventExecutorGroup sessionExecutors;
    private Hello clientHello;
    private Hello serverHello;
    private String channelBinding;
    private ScheduledFuture<?> deadline;
    /** Set once the peer is refused: nothing it sent after that is read, however it was batched. */
    private boolean refused;

    ServerHandshakeHandler(String nodeName, MutualAuth auth, ServerSalt salt, WireLimits limits, LoginThrottle throttle, InetAddress peer,
                           ServedSession.Factory sessions, EventExecutorGroup sessionExecutors) {
        this.nodeName = nodeName;
        this.auth = auth;
        this.salt = salt;
        this.limits = limits;
        this.throttle = throttle;
        this.peer = peer;
        this.sessions = sessions;
        this.sessionExecutors = sessionExecutors;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> stop(ctx, "handshake not completed in time"),
            limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) throws SSLPeerUnverifiedException {
        if (refused) {
            // Frames the decoder had already cut from the same read: one guess per connection.
            return;
        }
        if (clientHello == null) {
            onHello(ctx, frame);
        } else {
            onProof(ctx, frame);
        }
    }

    private void onHello(ChannelHandlerContext ctx, Frame frame) throws SSLPeerUnverifiedException {
        Hello hello = WireJson.read(frame, FrameType.HELLO, Hello.class);
        if (hello.protocol() != MutualAuth.PROTOCOL_VERSION) {
            stop(ctx, "protocol version " + hello.protocol() + " is not supported; node " + nodeName
                + " speaks version " + MutualAuth.PROTOCOL_VERSION);
            return;
        }
        // Checked before anything logs it: the name is the peer's, unauthenticated.
        if (!NodeNames.isValid(hello.node()) || hello.nonce() == null || hello.node().equals(nodeName)) {
            stop(ctx, "a HELLO needs a node name (" + NodeNames.RULE + ") other than " + nodeName + " and a nonce");
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        channelBinding = tls == null ? MutualAuth.NO_CHANNEL_BINDING : TlsChannel.binding(tls.engine().getSession(), true);
        clientHello = hello;
        serverHello = Hello.server(nodeName, MutualAuth.newNonce(), salt);
        ctx.writeAndFlush(WireJson.frame(FrameType.HELLO, serverHello));
    }

    private void onProof(ChannelHandlerContext ctx, Frame frame) {
        Proof proof = WireJson.read(frame, FrameType.PROOF, Proof.class);
        if (!auth.verify("client", clientHello, serverHello, channelBinding, proof.mac())) {
            throttle.failed(peer);
            int heldBack = REFUSALS.spend();
            if (heldBack >= 0) {
                LOGGER.warn("Replication peer {} (node '{}') failed authentication{}{}", ctx.channel().remoteAddress(), clientHello.node(),
                    throttle.blockedFor(peer).isZero() ? "" : "; refusing its address for " + (throttle.blockedFor(peer).toSeconds() + 1) + " s",
                    heldBack(heldBack));
            }
            stop(ctx, "authentication failed");
            return;
        }
        deadline.cancel(false);
        ServedSession session = sessions.open(clientHello.node());
        ctx.writeAndFlush(WireJson.frame(FrameType.PROOF, new Proof(auth.proof("server", clientHello, serverHello, channelBinding))));
        ctx.pipeline().get(FrameDecoder.class).setMaxFrameBytes(limits.maxFrameBytes());
        ctx.pipeline().addLast("body-writer", new BodyWriter());
        ctx.pipeline().addLast("bodies", new BodyAssembler(limits.maxMessageBytes(), limits.spool()));
        ctx.pipeline().addLast(sessionExecutors, "session", new ServerSessionHandler(session, sessions, clientHello.node()));
        ctx.pipeline().remove(this);
        LOGGER.debug("Replication peer {} authenticated as node '{}'", ctx.channel().remoteAddress(), clientHello.node());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stop(ctx, reason(cause).orElse("protocol error"));
    }

    /** Refuses the peer and reads nothing more from it: the connection only closes. */
    private void stop(ChannelHandlerContext ctx, String reason) {
        refused = true;
        ctx.channel().config().setAutoRead(false);
        refuse(ctx, reason);
    }

    /** What to tell the peer about a failure it caused; empty when it is not the peer's doing. */
    static Optional<String> reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WireException) {
                return Optional.of(t.getMessage());
            }
            if (t instanceof SSLException) {
                return Optional.of("TLS failed: " + t.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String heldBack(int lines) {
        return lines == 0 ? "" : " (" + lines + " such lines held back before this one: at most 10 a minute)";
    }

    static void refuse(ChannelHandlerContext ctx, String reason) {
        refuse(ctx, reason, Duration.ZERO);
    }

    /** Sends the peer an ERROR saying why, and closes the connection {@code after} it is sent (the peer may close first). */
    static void refuse(ChannelHandlerContext ctx, String reason, Duration after) {
        if (ctx.channel().isActive()) {
            int heldBack = REFUSALS.spend();
            if (heldBack >= 0) {
                LOGGER.info("Closing replication connection from {}: {}{}", ctx.channel().remoteAddress(), reason, heldBack(heldBack));
            }
            ChannelFuture sent = ctx.writeAndFlush(Frame.text(FrameType.ERROR, reason));
            if (after.isZero()) {
                sent.addListener(ChannelFutureListener.CLOSE);
            } else {
                sent.addListener(done -> ctx.channel().eventLoop().schedule(() -> ctx.channel().close(),
                    after.toMillis(), TimeUnit.MILLISECONDS));
            }
        }
    }
}
