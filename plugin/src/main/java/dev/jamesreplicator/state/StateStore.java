package dev.jamesreplicator.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import dev.jamesreplicator.config.ReplicationConfig;

/**
 * The node's own replication state on disk (H2's MVStore, one file under
 * {@code stateDirectory}): the durable queue and the sync journal live here, not in James's
 * store, because the memory backend forgets everything on restart and replication must not.
 * Every write is committed before the caller is told it is done, so it survives kill -9.
 */
@Singleton
public class StateStore implements AutoCloseable {
    public static final String FILE_NAME = "replication.mv.db";

    private final MVStore store;

    @Inject
    public StateStore(ReplicationConfig config) {
        this(config.stateDirectory());
    }

    public StateStore(Path directory) {
        try {
            createOwnerOnly(directory);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the replication state directory " + directory
                + " (conf/replication.xml, setting <stateDirectory>): " + e.getMessage(), e);
        }
        this.store = new MVStore.Builder()
            .fileName(directory.resolve(FILE_NAME).toString())
            .autoCommitDisabled()
            .open();
        // Commits are frequent (every journal record): with MVStore's default 45 s retention of
        // old chunks the file grows by hundreds of MB under load. A commit is in the OS's hands
        // once written, which is what survives kill -9; nothing here is fsynced for power loss.
        store.setRetentionTime(0);
    }

    /** A named map of strings; values are JSON where they have structure. */
    public MVMap<String, String> map(String name) {
        return store.openMap(name);
    }

    /** Makes every change so far durable. */
    public synchronized void commit() {
        store.commit();
    }

    @PreDestroy
    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }

    /** Created readable by James's user alone (0700): the journal names every user and mailbox. */
    private static void createOwnerOnly(Path directory) throws IOException {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(directory);
        }
    }
}
