package dev.jamesreplicator.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Bytes to {@link Frame}s; a length above the limit fails the connection before any allocation. */
public class FrameDecoder extends LengthFieldBasedFrameDecoder {
    public FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes + 4, 0, 4, 0, 4, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf body = (ByteBuf) super.decode(ctx, in);
        if (body == null) {
            return null;
        }
        try {
            if (!body.isReadable()) {
                throw new WireException("empty frame");
            }
            FrameType type = FrameType.fromCode(body.readByte());
            byte[] payload = new byte[body.readableBytes()];
            body.readBytes(payload);
            return new Frame(type, payload);
        } finally {
            body.release();
        }
    }
}
