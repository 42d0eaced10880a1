package dev.jamesreplicator.sync;

import java.util.Map;
import java.util.Optional;

/**
 * One kind of server-wide data as this server keeps it (docs/server-data.md): a set of keyed
 * items read and written through James's own API. A new kind (quota limits, users) is one more
 * implementation; the planner, the journal, the wire and the session are the same for all.
 */
public interface ServerDataKind {
    /** The kind's name in the state, the journal and on the wire ({@code domain}, {@code rewrite}). */
    String name();

    /** Every item this server holds, key to value. */
    Map<String, String> items() throws Exception;

    /** The item's value here, if any. */
    default Optional<String> value(String key) throws Exception {
        return Optional.ofNullable(items().get(key));
    }

    /** Gives the item {@code value} (it held {@code replacing}, checked by the caller). */
    void put(String key, String value, Optional<String> replacing) throws Exception;

    /** Removes the item. */
    void remove(String key) throws Exception;
}
