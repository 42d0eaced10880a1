package dev.jamesreplicator.tools.pair;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** The users james-pair creates on a node: {@code USER<TAB>PASSWORD} lines, as in {@code $JAMES_PAIR_HOME/users}. */
record PairUsers(List<User> users) {

    record User(String name, String password) {
        String domain() {
            return name.substring(name.indexOf('@') + 1);
        }
    }

    /** Blank lines and lines without a user are skipped; a line without a tab has an empty password. */
    static PairUsers read(Reader reader) throws IOException {
        List<User> users = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            int tab = line.indexOf('\t');
            String name = tab < 0 ? line : line.substring(0, tab);
            if (!name.isEmpty()) {
                users.add(new User(name, tab < 0 ? "" : line.substring(tab + 1)));
            }
        }
        return new PairUsers(List.copyOf(users));
    }
}
