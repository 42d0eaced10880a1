package dev.jamesreplicator.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** {@link Frame}s to bytes. A {@link FrameType#BODY} never gets here: {@link BodyWriter} sends it as chunks. */
@ChannelHandler.Sharable
public class FrameEncoder extends MessageToByteEncoder<Frame> {
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame frame, boolean preferDirect) {
        int size = frame.type() == FrameType.BODY ? 0 : Frame.HEADER_BYTES + frame.payload().length;
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, ByteBuf out) {
        if (frame.type() == FrameType.BODY) {
            throw new IllegalStateException("a BODY must go through the BodyWriter");
        }
        out.writeInt(frame.payload().length + 1);
        out.writeByte(frame.type().code());
        out.writeBytes(frame.payload());
    }
}
