package dev.jamesreplicator.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A message's bytes on their way from one store to another: their size, and a stream of them
 * that can be opened again (James reads a message more than once while it stores it). A large
 * one stays where it is, in James's store or in a spool file, and is never held whole in our
 * heap. {@link #close()} releases what it holds (a spool file); use it once, then close it.
 */
public interface MessageContent extends AutoCloseable {
    long size();

    /** A fresh stream of all the bytes, from the first; the caller closes it. */
    InputStream open() throws IOException;

    /** SHA-256 of the bytes, lower-case hex; read from {@link #open()} if not known already. */
    String sha256() throws IOException;

    /**
     * The message began a conversation thread of its own on the server it comes from (James's
     * thread id is its own message id): the store it goes to need not search for a thread
     * (MessagePin.take). False when that is not known, or not so.
     */
    default boolean startsThread() {
        return false;
    }

    @Override
    default void close() {
    }

    /** The same bytes, of a message known to have begun a thread of its own. */
    static MessageContent startingThread(MessageContent content) {
        Objects.requireNonNull(content);
        return new MessageContent() {
            @Override
            public long size() {
                return content.size();
            }

            @Override
            public InputStream open() throws IOException {
                return content.open();
            }

            @Override
            public String sha256() throws IOException {
                return content.sha256();
            }

            @Override
            public boolean startsThread() {
                return true;
            }

            @Override
            public void close() {
                content.close();
            }

            @Override
            public String toString() {
                return content + ", starting a thread";
            }
        };
    }

    /** Bytes already in memory (small messages, tests). */
    static MessageContent of(byte[] bytes) {
        Objects.requireNonNull(bytes);
        return new MessageContent() {
            private String hash;

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public String sha256() {
                if (hash == null) {
                    hash = Sha256.of(bytes);
                }
                return hash;
            }

            @Override
            public String toString() {
                return bytes.length + " bytes in memory";
            }
        };
    }
}
