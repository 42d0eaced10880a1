package dev.jamesreplicator.content;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Where a message body waits between the wire and the store it goes to: in memory up to a
 * threshold, in a temp file above it, so a large message never sits whole in the heap. Its
 * SHA-256 and size are taken as it arrives. A spool file is readable by its owner only, and is
 * deleted when the content is closed or the receipt abandoned (a cut connection, a refused
 * body); files a crash left behind go at the next start ({@link #deleteLeftovers()}).
 */
public final class ContentSpool {
    public static final int DEFAULT_MEMORY_THRESHOLD = 1024 * 1024;
    private static final String PREFIX = "body-";
    private static final String SUFFIX = ".spool";
    private static final int FILE_BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final int memoryThreshold;
    private final boolean ownDirectory;

    private ContentSpool(Path directory, int memoryThreshold, boolean ownDirectory) {
        if (memoryThreshold < 0) {
            throw new IllegalArgumentException("memoryThreshold must not be negative: " + memoryThreshold);
        }
        this.directory = Objects.requireNonNull(directory);
        this.memoryThreshold = memoryThreshold;
        this.ownDirectory = ownDirectory;
    }

    /** Spools into a directory of this node's own (created when first needed), swept by {@link #deleteLeftovers()}. */
    public static ContentSpool ownDirectory(Path directory, int memoryThreshold) {
        return new ContentSpool(directory, memoryThreshold, true);
    }

    /** Spools into {@code java.io.tmpdir}, shared with others: never swept. */
    public static ContentSpool inTempDirectory() {
        return new ContentSpool(Paths.get(System.getProperty("java.io.tmpdir")), DEFAULT_MEMORY_THRESHOLD, false);
    }

    public Path directory() {
        return directory;
    }

    /** Starts receiving one body. */
    public Receipt receive() {
        return new Receipt();
    }

    /**
     * Deletes the spool files a previous run left behind (it died while receiving). Call it before
     * any body arrives. Does nothing to a shared directory such as {@code /tmp}, where another
     * process's bodies may be arriving.
     *
     * @return how many there were
     */
    public int deleteLeftovers() throws IOException {
        if (!ownDirectory || !Files.isDirectory(directory)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** One body as it arrives. Closing it before {@link #finish()} abandons it and deletes what was spooled. */
    public final class Receipt implements AutoCloseable {
        private final MessageDigest digest = Sha256.digest();
        private ByteArrayOutputStream memory = new ByteArrayOutputStream();
        private Path file;
        private OutputStream out;
        private long size;
        private boolean over;

        private Receipt() {
        }

        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (over) {
                throw new IllegalStateException("this receipt is finished or abandoned");
            }
            if (out == null && size + length > memoryThreshold) {
                spill();
            }
            if (out == null) {
                memory.write(bytes, offset, length);
            } else {
                out.write(bytes, offset, length);
            }
            digest.update(bytes, offset, length);
            size += length;
        }

        private void spill() throws IOException {
            Files.createDirectories(directory);
            file = Files.createTempFile(directory, PREFIX, SUFFIX);
            out = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER_BYTES);
            memory.writeTo(out);
            memory = null;
        }

        /** Bytes received so far. */
        public long size() {
            return size;
        }

        /** The body as received; the caller now owns it (and its file) and closes it after use. */
        public MessageContent finish() throws IOException {
            if (over) {
                throw new IllegalStateException("this receipt is finished or abandoned");
            }
            over = true;
            String hash = Sha256.hex(digest);
            if (out == null) {
                byte[] bytes = memory.toByteArray();
                memory = null;
                return new Spooled(size, hash, bytes, null);
            }
            try {
                out.close();
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new Spooled(size, hash, null, file);
        }

        /** The temp file holding this body, if it has grown past the memory threshold. */
        public Path file() {
            return file;
        }

        @Override
        public void close() {
            if (over) {
                return;
            }
            over = true;
            memory = null;
            if (out != null) {
                try {
                    out.close();
                } catch (IOException ignored) {
                    // deleted below either way
                }
            }
            if (file != null) {
                deleteQuietly(file);
            }
        }
    }

    private static final class Spooled implements MessageContent {
        private final long size;
        private final String hash;
        private final byte[] bytes;
        private final Path file;
        private volatile boolean closed;

        Spooled(long size, String hash, byte[] bytes, Path file) {
            this.size = size;
            this.hash = hash;
            this.bytes = bytes;
            this.file = file;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open() throws IOException {
            if (closed) {
                throw new IOException("the spooled body was released already");
            }
            if (file == null) {
                return new ByteArrayInputStream(bytes);
            }
            return new BufferedInputStream(Files.newInputStream(file), FILE_BUFFER_BYTES);
        }

        @Override
        public String sha256() {
            return hash;
        }

        @Override
        public void close() {
            closed = true;
            if (file != null) {
                deleteQuietly(file);
            }
        }

        @Override
        public String toString() {
            return size + " bytes " + (file == null ? "in memory" : "spooled in " + file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // swept at the next start (deleteLeftovers)
        }
    }
}
