package dev.jamesreplicator.tools.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.jamesreplicator.tools.sieve.ManageSieveClient;

/**
 * One user's Sieve scripts on one server as ManageSieve shows them: each script's name and the
 * SHA-256 of its content, and the active one.
 *
 * @param source names the server in difference lines
 */
public record SieveScripts(String source, SortedMap<String, String> sha256ByName, Optional<String> active) {

    public SieveScripts {
        sha256ByName = Collections.unmodifiableSortedMap(new TreeMap<>(sha256ByName));
    }

    /** Reads them over a ManageSieve session of the user (LISTSCRIPTS, then GETSCRIPT of each). */
    public static SieveScripts read(String source, String host, int port, String user, String password) throws IOException {
        try (ManageSieveClient client = ManageSieveClient.login(host, port, user, password)) {
            SortedMap<String, String> scripts = new TreeMap<>();
            Optional<String> active = Optional.empty();
            for (Map.Entry<String, Boolean> listed : client.listScripts().entrySet()) {
                String content = client.getScript(listed.getKey());
                scripts.put(listed.getKey(), ContentHash.of(content.getBytes(StandardCharsets.UTF_8)));
                if (listed.getValue()) {
                    active = Optional.of(listed.getKey());
                }
            }
            return new SieveScripts(source, scripts, active);
        }
    }

    /** Every difference from {@code other} as a readable line: none when both servers hold the same scripts. */
    public List<String> differencesFrom(SieveScripts other) {
        List<String> lines = new ArrayList<>();
        SortedSet<String> names = new TreeSet<>(sha256ByName.keySet());
        names.addAll(other.sha256ByName.keySet());
        for (String name : names) {
            String here = sha256ByName.get(name);
            String there = other.sha256ByName.get(name);
            if (here == null || there == null) {
                lines.add("sieve script \"" + name + "\": only on " + (here != null ? source : other.source));
            } else if (!here.equals(there)) {
                lines.add("sieve script \"" + name + "\": content " + source + "=" + here.substring(0, 12) + " "
                    + other.source + "=" + there.substring(0, 12) + " (SHA-256)");
            }
        }
        if (!active.equals(other.active)) {
            lines.add("sieve active script: " + source + "=" + active.orElse("(none)") + " " + other.source + "="
                + other.active.orElse("(none)"));
        }
        return lines;
    }
}
