package dev.jamesreplicator.wire;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The server half of the handshake: HELLO from the twin, our HELLO, the twin's PROOF, our PROOF.
 * Nothing else is accepted before it completes; then it hands the channel to a
 * {@link ServerSessionHandler} and leaves the pipeline.
 */
class ServerHandshakeHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerHandshakeHandler.class);

    private final String nodeName;
    private final MutualAuth auth;
    private final WireLimits limits;
    private final ServedSession.Factory sessions;
    private final EventExecutorGroup sessionExecutors;
    private Hello clientHello;
    private Hello serverHello;
    private ScheduledFuture<?> deadline;

    ServerHandshakeHandler(String nodeName, MutualAuth auth, WireLimits limits, ServedSession.Factory sessions,
                           EventExecutorGroup sessionExecutors) {
        this.nodeName = nodeName;
        this.auth = auth;
        this.limits = limits;
        this.sessions = sessions;
        this.sessionExecutors = sessionExecutors;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        deadline = ctx.executor().schedule(() -> refuse(ctx, "handshake not completed in time"),
            limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (clientHello == null) {
            onHello(ctx, frame);
        } else {
            onProof(ctx, frame);
        }
    }

    private void onHello(ChannelHandlerContext ctx, Frame frame) {
        Hello hello = WireJson.read(frame, FrameType.HELLO, Hello.class);
        if (hello.protocol() != MutualAuth.PROTOCOL_VERSION) {
            refuse(ctx, "protocol version " + hello.protocol() + " is not supported; node " + nodeName
                + " speaks version " + MutualAuth.PROTOCOL_VERSION);
            return;
        }
        if (hello.node() == null || hello.nonce() == null || hello.node().equals(nodeName)) {
            refuse(ctx, "a HELLO needs a node name other than " + nodeName + " and a nonce");
            return;
        }
        clientHello = hello;
        serverHello = new Hello(MutualAuth.PROTOCOL_VERSION, nodeName, MutualAuth.newNonce());
        ctx.writeAndFlush(WireJson.frame(FrameType.HELLO, serverHello));
    }

    private void onProof(ChannelHandlerContext ctx, Frame frame) {
        Proof proof = WireJson.read(frame, FrameType.PROOF, Proof.class);
        if (!auth.verify("client", clientHello, serverHello, proof.mac())) {
            LOGGER.warn("Replication peer {} (node '{}') failed authentication", ctx.channel().remoteAddress(), clientHello.node());
            refuse(ctx, "authentication failed");
            return;
        }
        deadline.cancel(false);
        ctx.writeAndFlush(WireJson.frame(FrameType.PROOF, new Proof(auth.proof("server", clientHello, serverHello))));
        ServedSession session = sessions.open(clientHello.node());
        ctx.pipeline().addLast(sessionExecutors, "session", new ServerSessionHandler(session));
        ctx.pipeline().remove(this);
        LOGGER.debug("Replication peer {} authenticated as node '{}'", ctx.channel().remoteAddress(), clientHello.node());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        refuse(ctx, cause instanceof WireException ? cause.getMessage() : "protocol error");
    }

    static void refuse(ChannelHandlerContext ctx, String reason) {
        if (ctx.channel().isActive()) {
            LOGGER.info("Closing replication connection from {}: {}", ctx.channel().remoteAddress(), reason);
            ctx.writeAndFlush(Frame.text(FrameType.ERROR, reason)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
