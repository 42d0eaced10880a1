package dev.jamesreplicator.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.content.MessageContent;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;

/**
 * Sends each {@link FrameType#BODY} the session writes as chunk frames, reading the next chunk
 * from the content only while the channel is writable: a twin that reads slowly holds this
 * server to about one chunk in the outbound buffer per connection, however large the message.
 * It runs on the I/O thread, where writability is exact; a content's stream (James's content of
 * a fetched message, in memory) is read there a chunk at a time. The content is closed once
 * sent, or when the connection ends first.
 */
class BodyWriter extends ChunkedWriteHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(BodyWriter.class);

    /** A body that cannot be read to its end closes the connection: the twin must not wait for the rest. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof Frame && ((Frame) msg).type() == FrameType.BODY) {
            ChannelPromise sent = promise.unvoid();
            sent.addListener(future -> {
                if (!future.isSuccess() && ctx.channel().isActive()) {
                    LOGGER.warn("Cannot send a message body to {}: {}", ctx.channel().remoteAddress(), future.cause().toString());
                    ctx.close();
                }
            });
            super.write(ctx, new ChunkedBody(((Frame) msg).content()), sent);
        } else {
            super.write(ctx, msg, promise);
        }
    }

    private static final class ChunkedBody implements ChunkedInput<Frame> {
        private final MessageContent content;
        private final BodyChunks.Outgoing outgoing;

        ChunkedBody(MessageContent content) {
            this.content = content;
            this.outgoing = new BodyChunks.Outgoing(content);
        }

        @Override
        public boolean isEndOfInput() {
            return outgoing.ended();
        }

        @Override
        public void close() throws Exception {
            try {
                outgoing.close();
            } finally {
                content.close();
            }
        }

        @Deprecated
        @Override
        public Frame readChunk(ChannelHandlerContext ctx) throws Exception {
            return readChunk(ctx.alloc());
        }

        @Override
        public Frame readChunk(ByteBufAllocator allocator) throws Exception {
            return outgoing.next();
        }

        @Override
        public long length() {
            return content.size();
        }

        @Override
        public long progress() {
            return outgoing.sent();
        }
    }
}
