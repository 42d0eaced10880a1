package dev.jamesreplicator.wire;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Runs an authenticated connection's {@link ServedSession}s. It sits on its own executor so a
 * session may block on James while the event loop keeps serving other connections; Netty keeps
 * one connection's frames in order on one thread. The twin keeps connections open between sync
 * sessions: an END closes the current session and starts a fresh one, a PING only keeps the
 * connection from the idle timeout.
 */
class ServerSessionHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerSessionHandler.class);
    /** How long the rest of a refused body is read and dropped before the connection closes. */
    private static final Duration REFUSED_BODY_DRAIN = Duration.ofSeconds(10);

    private final ServedSession.Factory sessions;
    private final String peerNode;
    private ServedSession session;
    /** A body was refused: what was already decoded of the rest is dropped, and the refusal not repeated. */
    private boolean refused;

    ServerSessionHandler(ServedSession first, ServedSession.Factory sessions, String peerNode) {
        this.session = first;
        this.sessions = sessions;
        this.peerNode = peerNode;
    }

    /** A body the twin sent lives as long as the session's call on it: its spool file goes right after. */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
        if (refused) {
            if (frame.type() == FrameType.BODY) {
                frame.content().close();
            }
            return;
        }
        switch (frame.type()) {
            case END:
                ServedSession ended = session;
                session = null;
                ended.close();
                session = sessions.open(peerNode);
                ctx.writeAndFlush(new Frame(FrameType.END, new byte[0]));
                return;
            case PING:
                ctx.writeAndFlush(new Frame(FrameType.PING, new byte[0]));
                return;
            default:
                try {
                    for (Frame reply : session.onFrame(frame)) {
                        ctx.write(reply);
                    }
                    ctx.flush();
                } finally {
                    if (frame.type() == FrameType.BODY) {
                        frame.content().close();
                    }
                }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            session.close();
            session = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (refused) {
            return;
        }
        Optional<String> protocolViolation = ServerHandshakeHandler.reason(cause);
        if (cause instanceof RejectedExecutionException) {
            // the server is shutting down under a session's last frame
            LOGGER.debug("Replication session from {} cut by shutdown", ctx.channel().remoteAddress());
        } else if (protocolViolation.isEmpty()) {
            LOGGER.warn("Replication session from {} failed", ctx.channel().remoteAddress(), cause);
        } else if (tooLarge(cause)) {
            LOGGER.warn("Replication session from {} failed: {}", ctx.channel().remoteAddress(), protocolViolation.get());
            refuseWhileItSends(ctx, protocolViolation.get());
            return;
        }
        ServerHandshakeHandler.refuse(ctx, protocolViolation.orElse("session error"));
    }

    /**
     * A body refused midway: the twin is still sending the rest of it. Closed at once, the
     * connection would be reset under the twin's writes, and the reset can take the ERROR frame
     * with it (the twin then reports "Broken pipe", not why). So the rest is read and dropped
     * unparsed for a while, and the twin reads the refusal once it has sent its body.
     */
    private void refuseWhileItSends(ChannelHandlerContext ctx, String reason) {
        refused = true;
        ctx.pipeline().get(FrameDecoder.class).dropInput();
        ServerHandshakeHandler.refuse(ctx, reason, REFUSED_BODY_DRAIN);
    }

    private static boolean tooLarge(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BodyChunks.BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }
}
