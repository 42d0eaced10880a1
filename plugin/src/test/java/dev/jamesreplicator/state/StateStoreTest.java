package dev.jamesreplicator.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path workingDirectory;

    @Test
    void theStateDirectoryIsCreatedForJamesUserAlone() throws Exception {
        Path directory = workingDirectory.resolve("var/replication");

        new StateStore(directory).close();

        // The journal names every user and mailbox of the server.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }
}
