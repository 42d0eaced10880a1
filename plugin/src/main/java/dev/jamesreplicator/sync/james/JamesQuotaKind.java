package dev.jamesreplicator.sync.james;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Domain;
import org.apache.james.core.Username;
import org.apache.james.core.quota.QuotaCountLimit;
import org.apache.james.core.quota.QuotaLimitValue;
import org.apache.james.core.quota.QuotaSizeLimit;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.mailbox.model.Quota;
import org.apache.james.mailbox.model.QuotaRoot;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.user.api.UsersRepository;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.sync.ServerDataKind;

/**
 * This server's quota limits through James's {@code MaxQuotaManager} (docs/server-data.md): the
 * global ones, each domain's and each user's, of messages ({@code count}) and of storage
 * ({@code size}); the value a number or {@code unlimited}. Usage is each node's own count and not
 * an item. James lists no limits: a read asks for the global ones, those of every domain of the
 * domain list and of every user of the users repository.
 */
public final class JamesQuotaKind implements ServerDataKind {
    private static final String UNLIMITED = "unlimited";

    private final MaxQuotaManager limits;
    private final DomainList domains;
    private final UsersRepository users;
    private final UserQuotaRootResolver roots;

    public JamesQuotaKind(MaxQuotaManager limits, DomainList domains, UsersRepository users, UserQuotaRootResolver roots) {
        this.limits = limits;
        this.domains = domains;
        this.users = users;
        this.roots = roots;
    }

    @Override
    public String name() {
        return ServerDataChange.QUOTA;
    }

    @Override
    public Map<String, String> items() throws Exception {
        Map<String, String> items = new TreeMap<>();
        put(items, "global count", limits.getGlobalMaxMessage());
        put(items, "global size", limits.getGlobalMaxStorage());
        for (Domain domain : domains.getDomains()) {
            put(items, "domain:" + domain.asString() + " count", limits.getDomainMaxMessage(domain));
            put(items, "domain:" + domain.asString() + " size", limits.getDomainMaxStorage(domain));
        }
        for (Iterator<Username> listed = users.list(); listed.hasNext(); ) {
            QuotaRoot root = roots.forUser(listed.next());
            String user = "user:" + ServerDataChange.userOf(root);
            put(items, user + " count", Optional.ofNullable(limits.listMaxMessagesDetails(root).get(Quota.Scope.User)));
            put(items, user + " size", Optional.ofNullable(limits.listMaxStorageDetails(root).get(Quota.Scope.User)));
        }
        return items;
    }

    /**
     * As {@link #items} reads it: a limit of a domain James no longer lists, or of a user it no
     * longer has, is none (James keeps such a limit after the domain or the user is gone).
     */
    @Override
    public Optional<String> value(String key) throws Exception {
        Limit limit = Limit.of(key);
        switch (limit.scope) {
            case "global":
                return text(limit.count ? limits.getGlobalMaxMessage() : limits.getGlobalMaxStorage());
            case "domain":
                if (!domains.getDomains().contains(Domain.of(limit.target))) {
                    return Optional.empty();
                }
                return text(limit.count ? limits.getDomainMaxMessage(Domain.of(limit.target))
                    : limits.getDomainMaxStorage(Domain.of(limit.target)));
            default:
                if (!users.contains(Username.of(limit.target))) {
                    return Optional.empty();
                }
                QuotaRoot root = roots.forUser(Username.of(limit.target));
                return text(Optional.ofNullable(limit.count ? limits.listMaxMessagesDetails(root).get(Quota.Scope.User)
                    : limits.listMaxStorageDetails(root).get(Quota.Scope.User)));
        }
    }

    @Override
    public void put(String key, String value, Optional<String> replacing) throws Exception {
        Limit limit = Limit.of(key);
        Optional<Long> number = UNLIMITED.equals(value) ? Optional.empty() : Optional.of(Long.parseLong(value));
        QuotaCountLimit count = QuotaCountLimit.count(number);
        QuotaSizeLimit size = QuotaSizeLimit.size(number);
        switch (limit.scope) {
            case "global":
                if (limit.count) {
                    limits.setGlobalMaxMessage(count);
                } else {
                    limits.setGlobalMaxStorage(size);
                }
                break;
            case "domain":
                if (limit.count) {
                    limits.setDomainMaxMessage(Domain.of(limit.target), count);
                } else {
                    limits.setDomainMaxStorage(Domain.of(limit.target), size);
                }
                break;
            default:
                QuotaRoot root = roots.forUser(Username.of(limit.target));
                if (limit.count) {
                    limits.setMaxMessage(root, count);
                } else {
                    limits.setMaxStorage(root, size);
                }
        }
    }

    @Override
    public void remove(String key) throws Exception {
        Limit limit = Limit.of(key);
        switch (limit.scope) {
            case "global":
                if (limit.count) {
                    limits.removeGlobalMaxMessage();
                } else {
                    limits.removeGlobalMaxStorage();
                }
                break;
            case "domain":
                if (limit.count) {
                    limits.removeDomainMaxMessage(Domain.of(limit.target));
                } else {
                    limits.removeDomainMaxStorage(Domain.of(limit.target));
                }
                break;
            default:
                QuotaRoot root = roots.forUser(Username.of(limit.target));
                if (limit.count) {
                    limits.removeMaxMessage(root);
                } else {
                    limits.removeMaxStorage(root);
                }
        }
    }

    private static void put(Map<String, String> items, String key, Optional<? extends QuotaLimitValue<?>> limit) {
        text(limit).ifPresent(value -> items.put(key, value));
    }

    private static Optional<String> text(Optional<? extends QuotaLimitValue<?>> limit) {
        return limit.map(value -> value.isUnlimited() ? UNLIMITED : Long.toString(value.asLong()));
    }

    /** A key read back: {@code global count}, {@code domain:example.test size}, {@code user:bob@example.test count}. */
    private static final class Limit {
        final String scope;
        final String target;
        final boolean count;

        private Limit(String scope, String target, boolean count) {
            this.scope = scope;
            this.target = target;
            this.count = count;
        }

        static Limit of(String key) {
            int space = key.lastIndexOf(' ');
            String where = key.substring(0, space);
            boolean count = key.substring(space + 1).equals("count");
            int colon = where.indexOf(':');
            return colon < 0 ? new Limit(where, "", count) : new Limit(where.substring(0, colon), where.substring(colon + 1), count);
        }
    }
}
