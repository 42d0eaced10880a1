package dev.jamesreplicator.sync.session;

import java.nio.file.Path;
import java.time.Duration;

import dev.jamesreplicator.content.ContentSpool;
import dev.jamesreplicator.wire.WireLimits;

/** The limits the wire tests give each node: the defaults, with bodies spooled under the node's own directory. */
final class TestWireLimits {
    private TestWireLimits() {
    }

    static WireLimits of(Path directory, String node, long maxMessageBytes) {
        return new WireLimits(WireLimits.DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(10), Duration.ofSeconds(60), 4,
            maxMessageBytes, ContentSpool.ownDirectory(directory.resolve(node), ContentSpool.DEFAULT_MEMORY_THRESHOLD));
    }
}
