package dev.jamesreplicator.config;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A doveadm-style user mask: {@code *} any run of characters, {@code ?} one character;
 * case-insensitive. The status routes take any mask; a {@code noReplicate} mask must also pass
 * {@link #problem} (it decides whose mail is never replicated, so a typo must not pass quietly).
 */
public final class UserMask implements Predicate<String> {
    private final String text;
    private final Pattern pattern;

    private UserMask(String text) {
        this.text = text;
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        this.pattern = Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    public static UserMask of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the user mask is empty");
        }
        return new UserMask(text.trim());
    }

    /**
     * Why {@code text} cannot name users to leave out of replication, if it cannot: empty, a
     * blank or control character inside, more than one {@code @}, or nothing but {@code *}
     * (every user: that is pausing the link, not an opt-out).
     */
    public static Optional<String> problem(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return Optional.of("the user mask is empty");
        }
        if (trimmed.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            return Optional.of("'" + trimmed + "' contains a blank or a control character");
        }
        if (trimmed.indexOf('@') != trimmed.lastIndexOf('@')) {
            return Optional.of("'" + trimmed + "' has more than one @");
        }
        if (trimmed.chars().allMatch(c -> c == '*')) {
            return Optional.of("'" + trimmed + "' matches every user");
        }
        return Optional.empty();
    }

    /** Names one user, not a pattern. */
    public boolean isLiteral() {
        return text.indexOf('*') < 0 && text.indexOf('?') < 0;
    }

    public String text() {
        return text;
    }

    @Override
    public boolean test(String user) {
        return pattern.matcher(user).matches();
    }

    /** Masks are case-insensitive, as their matching is: Alice@X and alice@x are one mask. */
    public String key() {
        return text.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserMask && ((UserMask) other).key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
