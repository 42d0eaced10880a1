package dev.jamesreplicator.it.chaos;

import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;

/**
 * Keeps both nodes' James logs of one seed's run in {@code target/chaos/logs-SEED-USER/}: they
 * hold every session's plan (DEBUG SessionTrace), what a finding is traced with. The launcher
 * moves a node's log aside at each start and the next start overwrites it, so after two SIGKILLs
 * the first part of the run was gone: the part before each restart is kept as the node is
 * restarted, the rest once the run is judged.
 */
final class ChaosNodeLogs {
    private final JamesPair pair;
    private final Path directory;
    /** Per node, how much of its current james.log is kept (or belongs to earlier seeds). */
    private final Map<Node, Long> kept = new EnumMap<>(Node.class);

    ChaosNodeLogs(JamesPair pair, long seed, String user) {
        this.pair = pair;
        this.directory = Path.of(System.getProperty("basedir", ".")).resolve("target/chaos")
                .resolve("logs-" + seed + "-" + user.replaceAll("@.*", ""));
        try {
            Files.createDirectories(directory);
            for (Node node : Node.values()) {
                Files.deleteIfExists(kept(node));
                kept.put(node, Files.exists(log(node)) ? Files.size(log(node)) : 0L);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return directory;
    }

    /** Between a SIGKILL and the restart that moves the node's log aside. */
    synchronized void keepBeforeRestart(Node node) {
        keep(node);
        kept.put(node, 0L);
    }

    /** Once the run is judged: the rest of both logs. */
    synchronized void keepRest() {
        for (Node node : Node.values()) {
            keep(node);
        }
    }

    private void keep(Node node) {
        Path log = log(node);
        try {
            if (!Files.exists(log)) {
                return;
            }
            try (FileChannel from = FileChannel.open(log, StandardOpenOption.READ);
                 FileChannel to = FileChannel.open(kept(node), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.APPEND)) {
                long start = Math.min(kept.get(node), from.size());
                long end = from.size();
                for (long at = start; at < end; ) {
                    at += from.transferTo(at, end - at, to);
                }
                kept.put(node, end);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path log(Node node) {
        return pair.nodeDirectory(node).resolve("logs/james.log");
    }

    private Path kept(Node node) {
        return directory.resolve(node.launcherName() + "-james.log");
    }
}
