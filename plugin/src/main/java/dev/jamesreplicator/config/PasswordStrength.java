package dev.jamesreplicator.config;

import java.util.Optional;

/**
 * How many guesses the replication password is worth, estimated from its length and the kinds of
 * characters in it, as if each were drawn at random (so a dictionary word scores far more than it
 * is worth; a random secret scores what it is). The proofs on the wire are salted and stretched,
 * but whoever records a handshake without TLS can still guess offline: 128 bits puts that out of
 * reach, which is what {@code bin/james-pair} and {@code openssl rand -hex 16} give.
 */
public final class PasswordStrength {
    public static final int RECOMMENDED_BITS = 128;

    private PasswordStrength() {
    }

    /** Length times log2 of the alphabet its characters suggest: hex digits alone count as 16 symbols. */
    public static int bits(String password) {
        if (password.isEmpty()) {
            return 0;
        }
        int alphabet;
        if (password.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            alphabet = 16;
        } else {
            alphabet = 0;
            alphabet += password.chars().anyMatch(c -> c >= 'a' && c <= 'z') ? 26 : 0;
            alphabet += password.chars().anyMatch(c -> c >= 'A' && c <= 'Z') ? 26 : 0;
            alphabet += password.chars().anyMatch(c -> c >= '0' && c <= '9') ? 10 : 0;
            alphabet += password.chars().anyMatch(c -> !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) ? 33 : 0;
        }
        return (int) Math.floor(password.length() * Math.log(alphabet) / Math.log(2));
    }

    /** The start-up warning for a password below {@link #RECOMMENDED_BITS}, naming its estimate. */
    public static Optional<String> warning(String password) {
        int bits = bits(password);
        if (bits >= RECOMMENDED_BITS) {
            return Optional.empty();
        }
        return Optional.of("The replication password (conf/replication.xml) is weak: about " + bits + " bits estimated from its "
            + password.length() + " characters, below the " + RECOMMENDED_BITS + " bits of a random secret. Whoever records a "
            + "handshake (without TLS, or past it) can guess it offline. Put the same new random secret on both servers: "
            + "openssl rand -hex 16 (128 bits) or openssl rand -base64 32");
    }
}
