package dev.jamesreplicator.wire;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;

/**
 * {@code <tls>on}: the first bytes tell a TLS client (then TLS) from a plaintext one (then nothing
 * more to do, but a line in the log: the admin asked for TLS where the twin can give it).
 */
class TlsDetector extends ByteToMessageDecoder {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsDetector.class);

    private final TlsChannel tls;
    private final LogBudget plaintextLines;

    /** {@code plaintextLines}: the server's one budget for "plaintext connection accepted" lines. */
    TlsDetector(TlsChannel tls, LogBudget plaintextLines) {
        this.tls = tls;
        this.plaintextLines = plaintextLines;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 5) {
            return;
        }
        if (SslHandler.isEncrypted(in)) {
            ctx.pipeline().replace(this, "tls", new SslHandler(tls.serverEngine()));
        } else {
            int heldBack = plaintextLines.spend();
            if (heldBack >= 0) {
                LOGGER.warn("Replication connection from {} in plaintext, taken because <tls> is on in conf/replication.xml;"
                    + " <tls>required</tls> refuses plaintext once both servers have their certificates{}",
                    ctx.channel().remoteAddress(), heldBack == 0 ? "" : " (" + heldBack + " more such connections not logged)");
            }
            ctx.pipeline().remove(this);
        }
    }
}
