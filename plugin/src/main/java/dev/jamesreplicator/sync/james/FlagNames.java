package dev.jamesreplicator.sync.james;

import java.util.ArrayList;
import java.util.List;

import javax.mail.Flags;

/** Flags as sync compares them: IMAP names, sorted, without {@code \Recent} (a per-server session flag). */
public final class FlagNames {
    private static final Flags.Flag[] SYSTEM = {Flags.Flag.ANSWERED, Flags.Flag.DELETED, Flags.Flag.DRAFT,
        Flags.Flag.FLAGGED, Flags.Flag.SEEN};
    private static final String[] SYSTEM_NAMES = {"\\Answered", "\\Deleted", "\\Draft", "\\Flagged", "\\Seen"};

    private FlagNames() {
    }

    public static List<String> of(Flags flags) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < SYSTEM.length; i++) {
            if (flags.contains(SYSTEM[i])) {
                names.add(SYSTEM_NAMES[i]);
            }
        }
        for (String keyword : flags.getUserFlags()) {
            names.add(keyword);
        }
        names.sort(null);
        return names;
    }

    public static Flags toFlags(List<String> names) {
        Flags flags = new Flags();
        for (String name : names) {
            flags.add(name);
            for (int i = 0; i < SYSTEM.length; i++) {
                if (SYSTEM_NAMES[i].equalsIgnoreCase(name)) {
                    flags.remove(name);
                    flags.add(SYSTEM[i]);
                }
            }
        }
        return flags;
    }
}
