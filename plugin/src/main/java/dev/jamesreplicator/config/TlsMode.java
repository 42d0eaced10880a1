package dev.jamesreplicator.config;

import java.util.Locale;

/**
 * {@code <tls>} of replication.xml. For the listener and for this server's outgoing connections:
 * <ul>
 * <li>{@code off}: plaintext only; a TLS client is refused.</li>
 * <li>{@code on}: the listener accepts TLS and plaintext (it looks at the first bytes); the
 * client tries TLS and falls back to plaintext only when the twin's port does not speak TLS.
 * The step between off and required while the two servers are reconfigured one at a time: an
 * active attacker can force plaintext.</li>
 * <li>{@code required}: TLS or nothing, both ways.</li>
 * </ul>
 */
public enum TlsMode {
    OFF, ON, REQUIRED;

    public static TlsMode parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
