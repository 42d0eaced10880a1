package dev.jamesreplicator.wire;

import java.util.List;

import dev.jamesreplicator.content.ContentSpool;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * After authentication: spools a body's chunks as they arrive and hands the session one
 * {@link FrameType#BODY} at its end. A body cut off by the connection's end is dropped with its
 * spool file.
 */
class BodyAssembler extends MessageToMessageDecoder<Frame> {
    private final BodyChunks bodies;

    BodyAssembler(long maxMessageBytes, ContentSpool spool) {
        this.bodies = new BodyChunks(maxMessageBytes, spool);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) throws Exception {
        Frame whole = bodies.accept(frame);
        if (whole != null) {
            out.add(whole);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        bodies.discard();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        bodies.discard();
        super.handlerRemoved(ctx);
    }
}
