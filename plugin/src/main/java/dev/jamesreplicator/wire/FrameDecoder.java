package dev.jamesreplicator.wire;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Bytes to {@link Frame}s. A length outside the current limit fails the connection as soon as
 * its 4 bytes arrive, before anything is buffered. The limit starts small (a peer that has not
 * authenticated can make the server hold at most {@link WireLimits#PRE_AUTH_MAX_FRAME_BYTES})
 * and is raised once the peer has proved it knows the password.
 */
public class FrameDecoder extends ByteToMessageDecoder {
    private volatile int maxFrameBytes;
    private volatile boolean failed;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public void setMaxFrameBytes(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** From now on every byte received is dropped unread: the peer was refused. */
    public void dropInput() {
        failed = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        int limit = maxFrameBytes;
        if (length < 1 || length > limit) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw new WireException("frame length " + Integer.toUnsignedString(length) + " is outside 1.." + limit);
        }
        if (in.readableBytes() < 4 + length) {
            return;
        }
        in.skipBytes(4);
        byte code = in.readByte();
        FrameType type;
        try {
            type = FrameType.fromCode(code);
        } catch (WireException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
        byte[] payload = new byte[length - 1];
        in.readBytes(payload);
        out.add(new Frame(type, payload));
    }
}
