package dev.jamesreplicator.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** {@link Frame}s to bytes; a {@link FrameType#BODY} goes out as chunks and an end frame. */
@ChannelHandler.Sharable
public class FrameEncoder extends MessageToByteEncoder<Frame> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        for (Frame wire : BodyChunks.toWire(frame)) {
            out.writeInt(wire.payload().length + 1);
            out.writeByte(wire.type().code());
            out.writeBytes(wire.payload());
        }
    }
}
