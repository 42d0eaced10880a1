package dev.jamesreplicator.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** {@link Frame}s to bytes. */
@ChannelHandler.Sharable
public class FrameEncoder extends MessageToByteEncoder<Frame> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        out.writeInt(frame.payload().length + 1);
        out.writeByte(frame.type().code());
        out.writeBytes(frame.payload());
    }
}
