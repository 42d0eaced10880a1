package dev.jamesreplicator.wire;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;

/** {@code <tls>on}: the first bytes tell a TLS client (then TLS) from a plaintext one (then nothing more to do). */
class TlsDetector extends ByteToMessageDecoder {
    private final TlsChannel tls;

    TlsDetector(TlsChannel tls) {
        this.tls = tls;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        if (SslHandler.isEncrypted(in)) {
            ctx.pipeline().replace(this, "tls", new SslHandler(tls.serverEngine()));
        } else {
            ctx.pipeline().remove(this);
        }
    }
}
