package dev.jamesreplicator.tools.verify;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.util.Optional;
import java.util.Properties;

/**
 * How verify logs in to read a user's mail: as an administrator who reads any user's mail
 * (SASL PLAIN with the user as authorization identity; James 3.8.1 allows it to the
 * {@code administratorId} of usersrepository.xml, and to users the owner delegated to), or
 * else with the user's own password (LOGIN). Plain text over the connection: meant for
 * loopback or a trusted network, like the demo pair.
 */
public final class ImapLogin {
    private static final String TIMEOUT_MILLIS = "60000";

    /** An administrator's login, for impersonation. */
    public record Admin(String user, String password) {
    }

    private final Optional<Admin> admin;
    private final UserPasswords passwords;

    public ImapLogin(Optional<Admin> admin, UserPasswords passwords) {
        this.admin = admin;
        this.passwords = passwords;
    }

    /** Whether {@link #connect} can log in as {@code user}. */
    public boolean canLogIn(String user) {
        return admin.isPresent() || passwords.password(user).isPresent();
    }

    /** A store logged in as {@code user} on {@code host:port}; the caller closes it. */
    public Store connect(String host, int port, String user) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.imap.connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.imap.timeout", TIMEOUT_MILLIS);
        props.setProperty("mail.imap.writetimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.imap.starttls.enable", "false");
        props.setProperty("mail.imap.peek", "true");
        String login;
        String password;
        if (admin.isPresent()) {
            // AUTHENTICATE PLAIN authzid=user, authcid=admin: James opens the user's mailboxes.
            props.setProperty("mail.imap.auth.mechanisms", "PLAIN");
            props.setProperty("mail.imap.sasl.authorizationid", user);
            login = admin.get().user();
            password = admin.get().password();
        } else {
            // No SASL mechanism: Jakarta Mail then sends a plain LOGIN command.
            props.setProperty("mail.imap.auth.mechanisms", "");
            login = user;
            password = passwords.password(user)
                    .orElseThrow(() -> new MessagingException("no password for " + user));
        }
        Store store = Session.getInstance(props).getStore("imap");
        store.connect(host, port, login, password);
        return store;
    }
}
