package dev.jamesreplicator.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import dev.jamesreplicator.content.ContentSpool;
import dev.jamesreplicator.content.MessageContent;

/**
 * The body framing: a {@link FrameType#BODY} crosses the wire as BODY_CHUNK frames of at most
 * {@link WireLimits#BODY_CHUNK_BYTES} and a BODY_END carrying the total length. The sender reads
 * the content as it sends ({@link Outgoing}); the receiver spools it as it arrives, and refuses
 * it as soon as it passes the message limit. Neither side ever holds a whole large body.
 */
public final class BodyChunks {
    private final long maxMessageBytes;
    private final ContentSpool spool;
    private ContentSpool.Receipt receipt;

    public BodyChunks(long maxMessageBytes, ContentSpool spool) {
        this.maxMessageBytes = maxMessageBytes;
        this.spool = spool;
    }

    public static Frame end(long totalLength) {
        return new Frame(FrameType.BODY_END, ByteBuffer.allocate(8).putLong(totalLength).array());
    }

    /**
     * Takes one wire frame; returns the frame the session sees (a BODY at a body's end, any other
     * frame as it is), or null while a body is still arriving. The caller owns a returned BODY
     * and closes it. On any failure the body arriving is dropped, its spool file with it.
     */
    public Frame accept(Frame frame) throws IOException {
        try {
            return take(frame);
        } catch (IOException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    private Frame take(Frame frame) throws IOException {
        switch (frame.type()) {
            case BODY_CHUNK:
                byte[] chunk = frame.payload();
                if (chunk.length > WireLimits.BODY_CHUNK_BYTES) {
                    throw new WireException("a body chunk of " + chunk.length + " bytes, above " + WireLimits.BODY_CHUNK_BYTES);
                }
                if (receipt == null) {
                    receipt = spool.receive();
                }
                if (receipt.size() + chunk.length > maxMessageBytes) {
                    throw new BodyTooLargeException(maxMessageBytes);
                }
                receipt.write(chunk, 0, chunk.length);
                return null;
            case BODY_END:
                if (frame.payload().length != 8) {
                    throw new WireException("a BODY_END without its 8-byte length");
                }
                long declared = ByteBuffer.wrap(frame.payload()).getLong();
                ContentSpool.Receipt ended = receipt == null ? spool.receive() : receipt;
                receipt = null;
                try (ended) {
                    if (declared != ended.size()) {
                        throw new WireException("a body announced as " + declared + " bytes came as " + ended.size());
                    }
                    return Frame.body(ended.finish());
                }
            default:
                if (receipt != null) {
                    throw new WireException("a body cut short by a " + frame.type() + " frame");
                }
                return frame;
        }
    }

    /** The connection ended or failed: drops a body still arriving, and its spool file. */
    public void discard() {
        if (receipt != null) {
            receipt.close();
            receipt = null;
        }
    }

    /** A body passed the message limit: refused as it arrives, before the rest is read. */
    public static final class BodyTooLargeException extends WireException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(long maxMessageBytes) {
            super("a message body above the limit of " + maxMessageBytes
                + " bytes (<maxMessageSize> in conf/replication.xml; give both servers the same)");
        }
    }

    /**
     * A body on its way out: the next chunk is read from the content only when the previous one
     * has been sent, so a sender holds one chunk at a time. Closing it closes the stream, not the
     * content (its owner does that).
     */
    public static final class Outgoing implements AutoCloseable {
        private final MessageContent content;
        private InputStream in;
        private long sent;
        private boolean ended;

        public Outgoing(MessageContent content) {
            this.content = content;
        }

        /**
         * The next frame to send, a BODY_CHUNK or, last, the BODY_END; null after that. A content
         * that cannot be read is an {@link UncheckedIOException}, never an IOException, so that a
         * caller does not take it for a failure of the connection.
         */
        public Frame next() {
            if (ended) {
                return null;
            }
            byte[] chunk;
            try {
                if (in == null) {
                    in = content.open();
                }
                chunk = in.readNBytes(WireLimits.BODY_CHUNK_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the message body to send (" + content + "): " + e.getMessage(), e);
            }
            if (chunk.length > 0) {
                sent += chunk.length;
                return new Frame(FrameType.BODY_CHUNK, chunk);
            }
            ended = true;
            return end(sent);
        }

        /** True once the BODY_END has been handed out. */
        public boolean ended() {
            return ended;
        }

        /** Body bytes handed out so far. */
        public long sent() {
            return sent;
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
