package dev.jamesreplicator.sync.james;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.james.core.Username;
import org.apache.james.user.api.UsersRepository;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.sync.ServerDataKind;

/**
 * This server's users with their stored password hashes (docs/server-data.md): the key the user's
 * name, the value {@code algorithm hash} as James's repository keeps it, so that a user the twin
 * writes logs in there with the same password. Never a password in clear; the value is neither
 * logged nor put in an exception's message. Added, listed and removed through James's
 * {@code UsersRepository}; the hash read and written through {@link StoredPasswords}, as James's
 * API gives no way to them but by a password in clear.
 */
public final class JamesUserKind implements ServerDataKind {
    private final UsersRepository users;
    private final StoredPasswords passwords;

    public JamesUserKind(UsersRepository users, StoredPasswords passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    @Override
    public String name() {
        return ServerDataChange.USER;
    }

    @Override
    public Map<String, String> items() throws Exception {
        return new TreeMap<>(passwords.all());
    }

    @Override
    public Optional<String> value(String key) throws Exception {
        Username user = Username.of(key);
        return users.contains(user) ? passwords.of(user) : Optional.empty();
    }

    /** A new user passes James's checks of a name first (its domain exists, no alias takes it). */
    @Override
    public void put(String key, String value, Optional<String> replacing) throws Exception {
        Username user = Username.of(key);
        if (replacing.isEmpty()) {
            users.assertValid(user);
        }
        passwords.write(user, value, replacing.isEmpty());
    }

    /** As James removes a user: its mail, Sieve scripts and quota limits stay. */
    @Override
    public void remove(String key) throws Exception {
        users.removeUser(Username.of(key));
    }
}
