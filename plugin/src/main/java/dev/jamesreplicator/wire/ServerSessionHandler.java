package dev.jamesreplicator.wire;

import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * Runs an authenticated connection's {@link ServedSession}. It sits on its own executor so the
 * session may block on James while the event loop keeps serving other connections; Netty keeps
 * one connection's frames in order on one thread.
 */
class ServerSessionHandler extends SimpleChannelInboundHandler<Frame> {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerSessionHandler.class);

    private final ServedSession session;

    ServerSessionHandler(ServedSession session) {
        this.session = session;
    }

    /** A body the twin sent lives as long as the session's call on it: its spool file goes right after. */
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.close();
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
