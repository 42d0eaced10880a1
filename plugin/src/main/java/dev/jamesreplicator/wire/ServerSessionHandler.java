package dev.jamesreplicator.wire;

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

    private final ServedSession.Factory sessions;
    private final String peerNode;
    private ServedSession session;

    ServerSessionHandler(ServedSession first, ServedSession.Factory sessions, String peerNode) {
        this.session = first;
        this.sessions = sessions;
        this.peerNode = peerNode;
    }

    /** A body the twin sent lives as long as the session's call on it: its spool file goes right after. */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
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
        Optional<String> protocolViolation = ServerHandshakeHandler.reason(cause);
        if (cause instanceof RejectedExecutionException) {
            // the server is shutting down under a session's last frame
            LOGGER.debug("Replication session from {} cut by shutdown", ctx.channel().remoteAddress());
        } else if (protocolViolation.isEmpty()) {
            LOGGER.warn("Replication session from {} failed", ctx.channel().remoteAddress(), cause);
        } else if (tooLarge(cause)) {
            LOGGER.warn("Replication session from {} failed: {}", ctx.channel().remoteAddress(), protocolViolation.get());
        }
        ServerHandshakeHandler.refuse(ctx, protocolViolation.orElse("session error"));
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
