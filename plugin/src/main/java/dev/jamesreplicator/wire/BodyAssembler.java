package dev.jamesreplicator.wire;

import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/** After authentication: turns a body's chunks back into one {@link FrameType#BODY} for the session. */
class BodyAssembler extends MessageToMessageDecoder<Frame> {
    private final BodyChunks bodies;

    BodyAssembler(long maxMessageBytes) {
        this.bodies = new BodyChunks(maxMessageBytes);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        Frame whole = bodies.accept(frame);
        if (whole != null) {
            out.add(whole);
        }
    }
}
