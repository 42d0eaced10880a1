package dev.jamesreplicator.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentSpoolTest {
    private static final int THRESHOLD = 64 * 1024;

    @TempDir
    Path directory;

    private ContentSpool spool() {
        return ContentSpool.ownDirectory(directory.resolve("tmp"), THRESHOLD);
    }

    @Test
    void aBodyUpToTheThresholdStaysInMemory() throws IOException {
        byte[] bytes = random(THRESHOLD);
        ContentSpool.Receipt receipt = spool().receive();
        write(receipt, bytes, 1000);
        assertThat(receipt.file()).isNull();
        try (MessageContent content = receipt.finish()) {
            assertThat(content.size()).isEqualTo(THRESHOLD);
            assertThat(content.sha256()).isEqualTo(Sha256.of(bytes));
            assertThat(read(content)).isEqualTo(bytes);
            assertThat(read(content)).as("opened again").isEqualTo(bytes);
        }
        assertThat(directory.resolve("tmp")).doesNotExist();
    }

    @Test
    void aLargerBodyGoesToAFileOnlyItsOwnerCanReadAndDeletedOnClose() throws IOException {
        byte[] bytes = random(THRESHOLD * 5 + 3);
        ContentSpool.Receipt receipt = spool().receive();
        write(receipt, bytes, 7000);
        Path file = receipt.file();
        assertThat(file).exists().hasParent(directory.resolve("tmp"));
        assertThat(Files.getPosixFilePermissions(file)).containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        MessageContent content = receipt.finish();
        assertThat(content.size()).isEqualTo(bytes.length);
        assertThat(content.sha256()).isEqualTo(Sha256.of(bytes));
        assertThat(read(content)).isEqualTo(bytes);
        assertThat(read(content)).as("opened again").isEqualTo(bytes);
        content.close();
        assertThat(file).doesNotExist();
        assertThatThrownBy(content::open).isInstanceOf(IOException.class);
    }

    @Test
    void anAbandonedBodyLeavesNothing() throws IOException {
        ContentSpool.Receipt receipt = spool().receive();
        write(receipt, random(THRESHOLD * 3), 50_000);
        assertThat(receipt.file()).exists();
        receipt.close();
        assertThat(files()).isEmpty();
        assertThatThrownBy(() -> receipt.write(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(receipt::finish).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyBodyIsAnEmptyContent() throws IOException {
        try (MessageContent content = spool().receive().finish()) {
            assertThat(content.size()).isZero();
            assertThat(read(content)).isEmpty();
            assertThat(content.sha256()).isEqualTo(Sha256.of(new byte[0]));
        }
    }

    @Test
    void leftoversOfAPreviousRunAreSweptFromTheNodesOwnDirectoryOnly() throws IOException {
        ContentSpool.Receipt receipt = spool().receive();
        write(receipt, random(THRESHOLD + 1), THRESHOLD + 1);
        Path left = receipt.file();
        Path unrelated = Files.writeString(directory.resolve("tmp").resolve("keep.txt"), "not ours");
        assertThat(spool().deleteLeftovers()).isEqualTo(1);
        assertThat(left).doesNotExist();
        assertThat(unrelated).exists();
        assertThat(ContentSpool.inTempDirectory().deleteLeftovers()).as("a shared directory is never swept").isZero();
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(directory.resolve("tmp"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory.resolve("tmp"))) {
            return files.collect(Collectors.toList());
        }
    }

    private static void write(ContentSpool.Receipt receipt, byte[] bytes, int piece) throws IOException {
        for (int offset = 0; offset < bytes.length; offset += piece) {
            receipt.write(bytes, offset, Math.min(piece, bytes.length - offset));
        }
    }

    private static byte[] read(MessageContent content) throws IOException {
        try (InputStream in = content.open()) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
