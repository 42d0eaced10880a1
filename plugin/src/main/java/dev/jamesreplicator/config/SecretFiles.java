package dev.jamesreplicator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Files that hold a replication secret (replication.xml, the password file, the keystores): one
 * every user of the machine can read stops the start, with the chmod that fixes it, since whoever
 * reads it can replicate, and so read and write, every mailbox. One its group can read gets a
 * warning: the group may be James's alone.
 */
final class SecretFiles {
    private SecretFiles() {
    }

    /** The warning for a file its group can read; refuses one every user can read. */
    static Optional<String> check(Path file, String setting) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            // absent (the setting's own check says so), or not a POSIX file system: nothing to say
            return Optional.empty();
        }
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new InvalidReplicationConfigException(setting,
                file + " holds a replication secret and every user of this machine can read it",
                "chmod 600 " + file + " (owned by the user James runs as)");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            return Optional.of(ReplicationConfigParser.FILE + ", setting <" + setting + ">: " + file
                + " holds a replication secret and its group can read it: chmod 600 it unless that group is James's alone");
        }
        return Optional.empty();
    }
}
