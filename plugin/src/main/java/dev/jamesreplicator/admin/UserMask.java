package dev.jamesreplicator.admin;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/** A doveadm-style user mask: {@code *} any run of characters, {@code ?} one character; case-insensitive. */
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

    @Override
    public String toString() {
        return text;
    }
}
