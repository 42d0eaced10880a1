package dev.jamesreplicator.model;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.collect.ImmutableSortedMap;

/**
 * One server's server-wide data as the replicator compares it (docs/server-data.md): per kind
 * ({@code domain}, {@code rewrite}, ...) a set of keyed items, key to value. A kind whose items
 * only exist or not (a domain) holds the empty string as their value. Values only, no I/O.
 */
public final class ServerItems {
    public static final ServerItems NONE = new ServerItems(null);
    /**
     * The server-wide data as one unit: its key in the replicator's queue and its lock. Never a
     * mail address (no {@code @}, and brackets no address carries unquoted), so no user takes it.
     */
    public static final String UNIT = "<server>";
    /** The users' kind ({@code ServerDataChange.USER}): its values are password hashes. */
    private static final String USER_KIND = "user";

    private final SortedMap<String, SortedMap<String, String>> kinds;

    @JsonCreator
    public ServerItems(@JsonProperty("kinds") Map<String, ? extends Map<String, String>> kinds) {
        TreeMap<String, SortedMap<String, String>> copy = new TreeMap<>();
        if (kinds != null) {
            kinds.forEach((kind, items) -> {
                if (!items.isEmpty()) {
                    copy.put(kind, ImmutableSortedMap.copyOf(items));
                }
            });
        }
        this.kinds = ImmutableSortedMap.copyOf(copy);
    }

    /** Kind to items; a kind without items is left out. */
    @JsonProperty("kinds")
    public SortedMap<String, SortedMap<String, String>> kinds() {
        return kinds;
    }

    public SortedMap<String, String> items(String kind) {
        return kinds.getOrDefault(kind, ImmutableSortedMap.of());
    }

    public Optional<String> value(String kind, String key) {
        return Optional.ofNullable(items(kind).get(key));
    }

    @JsonIgnore
    public boolean isEmpty() {
        return kinds.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerItems && kinds.equals(((ServerItems) other).kinds);
    }

    @Override
    public int hashCode() {
        return kinds.hashCode();
    }

    /**
     * A value as logs, errors and verify show it: a user's password hash never, only its
     * algorithm (docs/server-data.md).
     */
    public static String shown(String kind, String value) {
        if (!USER_KIND.equals(kind)) {
            return value;
        }
        int space = value.indexOf(' ');
        return (space < 0 ? "" : value.substring(0, space) + " ") + "(hash not shown)";
    }

    /** As {@link #shown}: no user's password hash. */
    @Override
    public String toString() {
        Map<String, Map<String, String>> shown = new TreeMap<>();
        kinds.forEach((kind, items) -> {
            Map<String, String> values = new TreeMap<>();
            items.forEach((key, value) -> values.put(key, shown(kind, value)));
            shown.put(kind, values);
        });
        return shown.toString();
    }
}
