package dev.jamesreplicator.tools.verify;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A server's server-wide data as its WebAdmin lists it: domains and their aliases, users, address
 * aliases, forwards and groups, and the quota limits (global, per domain, per user), each listing
 * by its WebAdmin path. What the replicator's server unit replicates (docs/server-data.md), read
 * the way an administrator reads it, independently of the replicator's own comparison.
 */
public final class ServerData {
    private static final List<String> ADDRESS_LISTINGS = List.of("/address/aliases", "/address/forwards", "/address/groups");
    private static final List<String> LIMITS = List.of("count", "size");

    private ServerData() {
    }

    /** Every listing of the server, by path; {@code users}: whose quota limits to read. */
    public static SortedMap<String, List<String>> read(WebAdmin webAdmin, SortedSet<String> users)
            throws IOException, InterruptedException {
        SortedMap<String, List<String>> listings = new TreeMap<>();
        List<String> domains = webAdmin.listing("/domains");
        listings.put("/domains", domains);
        for (String domain : domains) {
            listings.put("/domains/" + domain + "/aliases", webAdmin.listing("/domains/" + domain + "/aliases"));
            readLimits(webAdmin, "/quota/domains/" + domain, listings);
        }
        // The users James lists; their password hashes are not on WebAdmin (the replicator's verify compares those).
        listings.put("/users", new ArrayList<>(webAdmin.users()));
        for (String listing : ADDRESS_LISTINGS) {
            List<String> sources = webAdmin.listing(listing);
            listings.put(listing, sources);
            for (String source : sources) {
                listings.put(listing + "/" + source, webAdmin.listing(listing + "/" + source));
            }
        }
        readLimits(webAdmin, "/quota", listings);
        for (String user : users) {
            readLimits(webAdmin, "/quota/users/" + user, listings);
        }
        return listings;
    }

    private static void readLimits(WebAdmin webAdmin, String path, SortedMap<String, List<String>> listings)
            throws IOException, InterruptedException {
        for (String limit : LIMITS) {
            listings.put(path + "/" + limit, webAdmin.listing(path + "/" + limit));
        }
    }

    /** One line per listing that differs, naming what only one server lists. */
    public static List<String> differences(SortedMap<String, List<String>> left, String leftName,
                                           SortedMap<String, List<String>> right, String rightName) {
        SortedSet<String> paths = new TreeSet<>(left.keySet());
        paths.addAll(right.keySet());
        List<String> lines = new ArrayList<>();
        for (String path : paths) {
            List<String> onLeft = left.getOrDefault(path, List.of());
            List<String> onRight = right.getOrDefault(path, List.of());
            if (onLeft.equals(onRight)) {
                continue;
            }
            List<String> onlyLeft = new ArrayList<>(onLeft);
            onlyLeft.removeAll(onRight);
            List<String> onlyRight = new ArrayList<>(onRight);
            onlyRight.removeAll(onLeft);
            lines.add(path + ": " + leftName + " " + onlyLeft + ", " + rightName + " " + onlyRight);
        }
        return lines;
    }
}
