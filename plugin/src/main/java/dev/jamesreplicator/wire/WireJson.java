package dev.jamesreplicator.wire;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON payloads of control frames; a payload that does not parse is a protocol error. */
public final class WireJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WireJson() {
    }

    public static Frame frame(FrameType type, Object value) {
        try {
            return new Frame(type, MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new WireException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(Frame frame, FrameType expected, Class<T> type) {
        if (frame.type() == FrameType.ERROR) {
            throw new WireException("the peer refused: " + frame.payloadAsText());
        }
        if (frame.type() != expected) {
            throw new WireException("expected a " + expected + " frame, got " + frame.type());
        }
        try {
            T value = MAPPER.readValue(frame.payload(), type);
            if (value == null) {
                throw new WireException("empty " + expected + " frame");
            }
            return value;
        } catch (IOException e) {
            if (e.getCause() instanceof WireException) {
                // a payload that parses but lacks what its type needs, refused by its constructor
                throw new WireException("malformed " + expected + " frame: " + e.getCause().getMessage(), e);
            }
            throw new WireException("malformed " + expected + " frame: " + e.getMessage(), e);
        }
    }
}
