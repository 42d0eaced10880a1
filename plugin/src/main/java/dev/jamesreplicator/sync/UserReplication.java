package dev.jamesreplicator.sync;

import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.user.api.UsersRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.sync.james.JamesUserKind;
import dev.jamesreplicator.sync.james.StoredPasswords;

/**
 * Whether this server replicates its users with their password hashes, decided once at start-up:
 * not where James's user base is read-only (LDAP: both servers must share it) or a repository the
 * replicator cannot write a hash into. The log says so once, and {@code status} says it for as
 * long as the server runs (docs/server-data.md).
 */
@Singleton
public final class UserReplication {
    private static final Logger LOGGER = LoggerFactory.getLogger(UserReplication.class);

    private final Optional<ServerDataKind> kind;
    private final Optional<String> whyNot;

    @Inject
    public UserReplication(UsersRepository users) {
        Optional<String> refusal = users.isReadOnly()
            ? Optional.of("James's user base (" + users.getClass().getSimpleName() + ") is read-only; both servers must share it")
            : Optional.empty();
        Optional<ServerDataKind> userKind = Optional.empty();
        if (refusal.isEmpty()) {
            try {
                userKind = StoredPasswords.of(users).map(stored -> new JamesUserKind(users, stored));
                if (userKind.isEmpty()) {
                    refusal = Optional.of("the replicator cannot store a password hash in James's " + users.getClass().getName()
                        + " (only in MemoryUsersRepository and JPAUsersRepository)");
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                refusal = Optional.of("the stored password hashes of James's " + users.getClass().getName()
                    + " are out of reach (is this James 3.8.1?): " + e);
            }
        }
        this.kind = userKind;
        this.whyNot = refusal;
        whyNot.ifPresent(why -> LOGGER.warn("Users are not replicated: {}", why));
    }

    private UserReplication(Optional<ServerDataKind> kind, Optional<String> whyNot) {
        this.kind = kind;
        this.whyNot = whyNot;
    }

    /** Users replicated as {@code kind} (tests of what shows it). */
    public static UserReplication of(ServerDataKind kind) {
        return new UserReplication(Optional.of(kind), Optional.empty());
    }

    /** Users left out for the reason {@code why} (tests of what shows it). */
    public static UserReplication leftOut(String why) {
        return new UserReplication(Optional.empty(), Optional.of(why));
    }

    /** The users' kind of the server unit, or empty where users are not replicated. */
    public Optional<ServerDataKind> kind() {
        return kind;
    }

    /** The kinds of server-wide data this server leaves out, each with the reason: users, or none. */
    public Map<String, String> notReplicated() {
        return whyNot.map(why -> Map.of("users", why)).orElse(Map.of());
    }
}
