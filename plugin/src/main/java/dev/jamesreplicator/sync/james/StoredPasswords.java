package dev.jamesreplicator.sync.james;

import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.model.User;
import org.apache.james.user.lib.UsersRepositoryImpl;
import org.apache.james.user.lib.model.Algorithm;
import org.apache.james.user.lib.model.DefaultUser;

import dev.jamesreplicator.jpa.JpaUserPasswords;

/**
 * The users' stored password hashes, {@code algorithm hash}, as one of the two repositories the
 * project's servers bind keeps them (docs/server-data.md). James's API sets a password only in
 * clear; the replicator has only the hash.
 */
public interface StoredPasswords {
    String MEMORY_REPOSITORY = "org.apache.james.user.memory.MemoryUsersRepository";
    String JPA_REPOSITORY = "org.apache.james.user.jpa.JPAUsersRepository";

    /** Every user's value, by name. */
    Map<String, String> all() throws Exception;

    /** The user's value; empty if the user does not exist. */
    Optional<String> of(Username user) throws Exception;

    /** Gives the user {@code value}; creates the user first if {@code create}. */
    void write(Username user, String value, boolean create) throws Exception;

    /**
     * The stored hashes of {@code users}, or empty for a repository of another class than the two
     * the project's servers bind (LDAP's among them; {@code sync.UserReplication} says why).
     */
    static Optional<StoredPasswords> of(UsersRepository users) throws ReflectiveOperationException {
        switch (users.getClass().getName()) {
            case MEMORY_REPOSITORY:
                return Optional.of(new Memory(users));
            case JPA_REPOSITORY:
                JpaUserPasswords jpa = JpaUserPasswords.of(users);
                return Optional.of(new StoredPasswords() {
                    @Override
                    public Map<String, String> all() {
                        return jpa.all();
                    }

                    @Override
                    public Optional<String> of(Username user) {
                        return jpa.of(user.asString());
                    }

                    @Override
                    public void write(Username user, String value, boolean create) {
                        jpa.write(user.asString(), value, create);
                    }
                });
            default:
                return Optional.empty();
        }
    }

    /**
     * {@code MemoryUsersRepository}: each user a {@code DefaultUser} with its hash and algorithm,
     * both readable; written as James's own {@code updateUser} takes a user (a {@code DefaultUser}
     * built from its hash, James's constructor for users read from separate fields), a new user
     * first added with a random password no one knows, under the server data lock the caller holds.
     */
    final class Memory implements StoredPasswords {
        private static final SecureRandom RANDOM = new SecureRandom();
        private final UsersRepository users;
        /** The algorithm James hashes this repository's new passwords with: a changed password takes it. */
        private final Algorithm preferred;

        Memory(UsersRepository users) throws ReflectiveOperationException {
            this.users = users;
            // The memory DAO's configured algorithm ({@code MemoryUsersDAO.algo}); James gives no getter.
            Field dao = UsersRepositoryImpl.class.getDeclaredField("usersDAO");
            dao.setAccessible(true);
            Object memoryDao = dao.get(users);
            Field algorithm = memoryDao.getClass().getDeclaredField("algo");
            algorithm.setAccessible(true);
            this.preferred = (Algorithm) algorithm.get(memoryDao);
        }

        @Override
        public Map<String, String> all() throws Exception {
            Map<String, String> values = new TreeMap<>();
            for (Iterator<Username> listed = users.list(); listed.hasNext(); ) {
                Username user = listed.next();
                of(user).ifPresent(value -> values.put(user.asString(), value));
            }
            return values;
        }

        @Override
        public Optional<String> of(Username user) throws Exception {
            User stored = users.getUserByName(user);
            if (!(stored instanceof DefaultUser)) {
                return Optional.empty();
            }
            DefaultUser known = (DefaultUser) stored;
            // asString: the algorithm's name and its hashing mode, PBKDF2-SHA512/salted.
            return Optional.of(known.getHashAlgorithm().asString() + " " + known.getHashedPassword());
        }

        @Override
        public void write(Username user, String value, boolean create) throws Exception {
            int space = value.indexOf(' ');
            int slash = value.lastIndexOf('/', space);
            if (space <= 0 || slash <= 0) {
                throw new IllegalArgumentException("not an algorithm and a hash");
            }
            Algorithm algorithm = Algorithm.of(value.substring(0, slash), value.substring(slash + 1, space));
            DefaultUser hashed = new DefaultUser(user, value.substring(space + 1), algorithm, preferred);
            if (!create) {
                users.updateUser(hashed);
                return;
            }
            byte[] unknown = new byte[32];
            RANDOM.nextBytes(unknown);
            users.addUser(user, Base64.getEncoder().encodeToString(unknown));
            try {
                users.updateUser(hashed);
            } catch (Exception | Error e) {
                // Not a user with a password no one knows: the twin's value must not lose to it.
                users.removeUser(user);
                throw e;
            }
        }
    }
}
