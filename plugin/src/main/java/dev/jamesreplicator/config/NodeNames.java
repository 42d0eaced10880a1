package dev.jamesreplicator.config;

import java.util.regex.Pattern;

/** What a node name may be: in replication.xml, and in what a peer says its name is before it is logged. */
public final class NodeNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final String RULE = "1 to 64 letters, digits, '.', '_' or '-'";

    private NodeNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
