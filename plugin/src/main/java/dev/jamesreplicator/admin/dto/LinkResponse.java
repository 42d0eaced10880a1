package dev.jamesreplicator.admin.dto;

/** {@code GET|PUT|DELETE /replication/link[/paused]}: whether this server's side of the link is paused. */
public final class LinkResponse {
    public final boolean paused;

    public LinkResponse(boolean paused) {
        this.paused = paused;
    }
}
