package dev.jamesreplicator.serverdata;

import java.util.Locale;
import java.util.Objects;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.api.model.User;

/**
 * One change of a server-wide item: its kind, its key as the replicator compares it, and whether
 * it was removed. The keys are made here, where the hooks see James's values, and read back by
 * the plugin's kinds ({@link #rewriteSource}, {@link #rewriteMapping}).
 */
public final class ServerDataChange {
    public static final String DOMAIN = "domain";
    public static final String REWRITE = "rewrite";
    public static final String QUOTA = "quota";
    public static final String USER = "user";
    /** The prefix of a user's quota root in James 3.8.1 ({@code DefaultUserQuotaRootResolver}). */
    private static final String USER_QUOTA_ROOT = "#private&";
    private static final String ARROW = " -> ";

    private final String kind;
    private final String key;
    private final boolean removed;

    public ServerDataChange(String kind, String key, boolean removed) {
        this.kind = Objects.requireNonNull(kind);
        this.key = Objects.requireNonNull(key);
        this.removed = removed;
    }

    public static ServerDataChange domain(Domain domain, boolean removed) {
        return new ServerDataChange(DOMAIN, domainKey(domain), removed);
    }

    public static ServerDataChange rewrite(MappingSource source, Mapping mapping, boolean removed) {
        return new ServerDataChange(REWRITE, rewriteKey(source, mapping), removed);
    }

    /** The change a hooked domain list method made: {@code addDomain}, or {@code doRemoveDomain}. */
    public static ServerDataChange ofDomainCall(String method, Domain domain) {
        return domain(domain, isRemoval(method));
    }

    /** The change a hooked rewrite table method made: {@code addMapping}, or {@code removeMapping}. */
    public static ServerDataChange ofRewriteCall(String method, MappingSource source, Mapping mapping) {
        return rewrite(source, mapping, isRemoval(method));
    }

    /**
     * The change a hooked {@code MaxQuotaManager} method made: {@code set...} or {@code remove...}
     * of the global, a domain's ({@code ...Domain...}, the domain first) or a quota root's limit,
     * of messages ({@code ...Message...}) or of storage ({@code ...Storage...}).
     */
    public static ServerDataChange ofQuotaCall(String method, Object[] arguments) {
        String limit = method.contains("Message") ? "count" : "size";
        String scope;
        if (method.contains("Global")) {
            scope = "global";
        } else if (method.contains("Domain")) {
            scope = "domain:" + ((Domain) arguments[0]).asString();
        } else {
            scope = "user:" + userOf((QuotaRoot) arguments[0]);
        }
        return new ServerDataChange(QUOTA, scope + " " + limit, isRemoval(method));
    }

    /**
     * The change a hooked users repository method made: {@code addUser(Username, password)},
     * {@code updateUser(User)} (a password changed) or {@code removeUser(Username)}. The key is
     * the user's name as James stores it; the change carries no password and no hash.
     */
    public static ServerDataChange ofUserCall(String method, Object user) {
        Username name = user instanceof User ? ((User) user).getUserName() : (Username) user;
        // James stores an added name lower-cased (both repositories); an update or a removal takes it as stored.
        String key = method.equals("addUser") ? name.asString().toLowerCase(Locale.US) : name.asString();
        return new ServerDataChange(USER, key, isRemoval(method));
    }

    /** The user a quota root of James's default resolver belongs to; another root as it is named. */
    public static String userOf(QuotaRoot root) {
        return root.getValue().startsWith(USER_QUOTA_ROOT) ? root.getValue().substring(USER_QUOTA_ROOT.length()) : root.getValue();
    }

    private static boolean isRemoval(String method) {
        return method.startsWith("remove") || method.startsWith("doRemove");
    }

    public static String domainKey(Domain domain) {
        return domain.asString();
    }

    /**
     * A mapping of a source: {@code source -> mapping}, the source as {@link MappingSource#parse}
     * reads it back (a domain as {@code *@domain}: its {@code asString} alone would read as a user).
     */
    public static String rewriteKey(MappingSource source, Mapping mapping) {
        String encoded = source.asDomain().isPresent() && source.asUsername().isEmpty()
            ? "*@" + source.asDomain().get().asString() : source.asString();
        return encoded + ARROW + mapping.asString();
    }

    public static MappingSource rewriteSource(String key) {
        return MappingSource.parse(key.substring(0, arrow(key)));
    }

    public static Mapping rewriteMapping(String key) {
        return Mapping.of(key.substring(arrow(key) + ARROW.length()));
    }

    private static int arrow(String key) {
        int at = key.indexOf(ARROW);
        if (at < 0) {
            throw new IllegalArgumentException("not a rewrite key: " + key);
        }
        return at;
    }

    public String kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    public boolean removed() {
        return removed;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerDataChange && kind.equals(((ServerDataChange) other).kind)
            && key.equals(((ServerDataChange) other).key) && removed == ((ServerDataChange) other).removed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, key, removed);
    }

    @Override
    public String toString() {
        return (removed ? "removed " : "set ") + kind + " " + key;
    }
}
