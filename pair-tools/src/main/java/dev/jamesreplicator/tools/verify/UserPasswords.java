package dev.jamesreplicator.tools.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Users and their passwords, one {@code user<TAB>password} a line: the format of the file
 * {@code bin/james-pair} keeps in {@code $JAMES_PAIR_HOME/users} for the users it created.
 * Blank lines and lines starting with {@code #} are skipped.
 */
public final class UserPasswords {
    private final SortedMap<String, String> byUser;

    private UserPasswords(Map<String, String> byUser) {
        this.byUser = Collections.unmodifiableSortedMap(new TreeMap<>(byUser));
    }

    public static UserPasswords none() {
        return new UserPasswords(Map.of());
    }

    public static UserPasswords read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static UserPasswords parse(String text, String origin) {
        Map<String, String> byUser = new TreeMap<>();
        int number = 0;
        for (String line : text.split("\r?\n")) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IllegalArgumentException(origin + " line " + number + ": expected USER<TAB>PASSWORD");
            }
            // The launcher replaces a user's line when it resets a password: the last line wins.
            byUser.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return new UserPasswords(byUser);
    }

    public Optional<String> password(String user) {
        return Optional.ofNullable(byUser.get(user));
    }

    public SortedMap<String, String> all() {
        return byUser;
    }
}
