package dev.jamesreplicator.admin.dto;

/** A refusal that is not one of WebAdmin's own errors. */
public final class ErrorResponse {
    public final String error;

    public ErrorResponse(String error) {
        this.error = error;
    }
}
