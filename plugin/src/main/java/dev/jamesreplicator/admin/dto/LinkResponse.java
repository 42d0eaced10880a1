package dev.jamesreplicator.admin.dto;

import dev.jamesreplicator.sync.ReplicationLink;

/** {@code GET|PUT|DELETE /replication/link[/paused]}: whether this server's side of the link is paused. */
public final class LinkResponse {
    public final boolean paused;

    public LinkResponse(ReplicationLink link) {
        this.paused = link.isPaused();
    }
}
