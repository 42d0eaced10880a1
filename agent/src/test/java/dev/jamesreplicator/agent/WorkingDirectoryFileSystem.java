package dev.jamesreplicator.agent;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.InputStream;

import org.apache.james.filesystem.api.FileSystem;

/** James's file system as its server lays it out: {@code file://} under {@code var/} of the working directory. */
public final class WorkingDirectoryFileSystem implements FileSystem {
    private final File root;

    private WorkingDirectoryFileSystem(File root) {
        this.root = root;
    }

    public static FileSystem of(File root) {
        return new WorkingDirectoryFileSystem(root);
    }

    @Override
    public InputStream getResource(String url) {
        throw new UnsupportedOperationException(url);
    }

    @Override
    public File getFile(String fileURL) throws FileNotFoundException {
        if (!fileURL.startsWith(FILE_PROTOCOL)) {
            throw new FileNotFoundException(fileURL);
        }
        return new File(new File(root, "var"), fileURL.substring(FILE_PROTOCOL.length()));
    }

    @Override
    public File getBasedir() {
        return root;
    }
}
