package dev.jamesreplicator.tools.verify;

import jakarta.mail.MessagingException;
import jakarta.mail.Store;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares every given user's mail on the two servers of a pair and prints the differences.
 *
 * <p>Reading is read-only (see {@link ImapMailStoreReader}) with one exception James imposes:
 * the first IMAP login of a user creates INBOX and the default mailboxes. So a user WebAdmin
 * shows without any mailbox on a server is taken as an empty store there, without logging in.
 */
public final class PairVerifier {

    /** What a run found. */
    public record Outcome(int users, int usersWithDifferences, int differences, int usersNotChecked) {
        /** 0 the same, 1 differences, 2 nothing differs but some users could not be read. */
        public int exitStatus() {
            if (usersWithDifferences > 0) {
                return 1;
            }
            return usersNotChecked > 0 ? 2 : 0;
        }
    }

    private final Server a;
    private final Server b;
    private final ImapLogin login;
    private final PairComparison comparison;
    private final PrintStream out;

    public PairVerifier(Server a, Server b, ImapLogin login, PairComparison comparison, PrintStream out) {
        this.a = a;
        this.b = b;
        this.login = login;
        this.comparison = comparison;
        this.out = out;
    }

    /**
     * @param users   the users to compare; all users of both servers when empty
     * @param patience how long to keep comparing a user whose stores differ (a replicator
     *                catching up), zero for one look
     */
    public Outcome verify(List<String> users, UserPasswords knownUsers, Duration patience)
            throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        SortedSet<String> toCheck = new TreeSet<>(users);
        if (toCheck.isEmpty()) {
            toCheck.addAll(allUsers(knownUsers, lines));
        }
        int withDifferences = lines.isEmpty() ? 0 : 1;
        int differences = lines.size();
        if (!lines.isEmpty()) {
            out.println("users of " + a.name() + " and " + b.name() + ": " + lines.size() + " difference"
                    + (lines.size() == 1 ? "" : "s"));
            lines.forEach(line -> out.println("  " + line));
        }
        int notChecked = 0;
        for (String user : toCheck) {
            UserResult result = verifyUser(user, knownUsers, patience);
            if (result.error != null) {
                notChecked++;
                out.println(user + ": not checked: " + result.error);
            } else if (result.differences.isEmpty()) {
                out.println(user + ": same on " + a.name() + " and " + b.name() + " (" + result.summary + ")");
            } else {
                withDifferences++;
                differences += result.differences.size();
                out.println(user + ": " + result.differences.size() + " difference"
                        + (result.differences.size() == 1 ? "" : "s")
                        + (result.summary.isEmpty() ? "" : " (" + result.summary + ")"));
                result.differences.forEach(line -> out.println("  " + line));
            }
        }
        List<String> serverData = compareServerData(toCheck, patience);
        if (!serverData.isEmpty()) {
            withDifferences++;
            differences += serverData.size();
            out.println("server data of " + a.name() + " and " + b.name() + ": " + serverData.size() + " difference"
                    + (serverData.size() == 1 ? "" : "s"));
            serverData.forEach(line -> out.println("  " + line));
        }
        Outcome outcome = new Outcome(toCheck.size(), withDifferences, differences, notChecked);
        out.println(outcome.users() + " user" + (outcome.users() == 1 ? "" : "s") + " compared: "
                + (outcome.differences() == 0 ? "no difference" : outcome.differences() + " difference"
                + (outcome.differences() == 1 ? "" : "s"))
                + (notChecked == 0 ? "" : ", " + notChecked + " not checked"));
        return outcome;
    }

    /** The union of both servers' users (WebAdmin), else the users file's; users on one side only are differences. */
    private SortedSet<String> allUsers(UserPasswords knownUsers, List<String> differences)
            throws IOException, InterruptedException {
        if (a.webAdmin().isEmpty() || b.webAdmin().isEmpty()) {
            return new TreeSet<>(knownUsers.all().keySet());
        }
        SortedSet<String> onA = a.webAdmin().get().users();
        SortedSet<String> onB = b.webAdmin().get().users();
        SortedSet<String> all = new TreeSet<>(onA);
        all.addAll(onB);
        for (String user : all) {
            if (!onA.contains(user) || !onB.contains(user)) {
                differences.add("user " + user + ": exists only on " + (onA.contains(user) ? a.name() : b.name()));
            }
        }
        all.retainAll(onA);
        all.retainAll(onB);
        return all;
    }

    /**
     * Domains, aliases, forwards, groups and quota limits as both WebAdmins list them (the
     * replicator's server unit), compared again until they agree or {@code patience} passes;
     * nothing without both WebAdmins.
     */
    private List<String> compareServerData(SortedSet<String> users, Duration patience)
            throws IOException, InterruptedException {
        if (a.webAdmin().isEmpty() || b.webAdmin().isEmpty()) {
            return List.of();
        }
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            SortedMap<String, List<String>> onA = ServerData.read(a.webAdmin().get(), users);
            List<String> differences = ServerData.differences(onA, a.name(), ServerData.read(b.webAdmin().get(), users),
                    b.name());
            if (differences.isEmpty()) {
                out.println("server data: same on " + a.name() + " and " + b.name() + " (" + onA.size() + " listings)");
                return differences;
            }
            if (System.nanoTime() >= deadline) {
                return differences;
            }
            Thread.sleep(500);
        }
    }

    private record UserResult(List<String> differences, String summary, String error) {
    }

    private UserResult verifyUser(String user, UserPasswords passwords, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            UserResult result;
            try {
                Optional<MailStore> maybeA = read(a, user);
                Optional<MailStore> maybeB = read(b, user);
                if (maybeA.isEmpty() && maybeB.isEmpty()) {
                    return new UserResult(List.of(), "", "no such user on " + a.name() + " or " + b.name());
                }
                if (maybeA.isEmpty() || maybeB.isEmpty()) {
                    return new UserResult(List.of("user " + user + ": exists only on "
                            + (maybeA.isPresent() ? a.name() : b.name())), "", null);
                }
                MailStore onA = maybeA.get();
                MailStore onB = maybeB.get();
                List<String> differences = new ArrayList<>(comparison.compare(onA, onB));
                String sieve = compareSieve(user, passwords, differences);
                result = new UserResult(differences, onA.mailboxes().size() + " mailboxes, "
                        + onA.messageCount() + " messages on " + a.name() + ", " + onB.messageCount()
                        + " on " + b.name() + sieve, null);
            } catch (MessagingException | IOException | IllegalStateException e) {
                result = new UserResult(List.of(), "", e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if ((result.error == null && result.differences.isEmpty()) || System.nanoTime() >= deadline) {
                return result;
            }
            Thread.sleep(500);
        }
    }

    /**
     * Adds the differences in the user's Sieve scripts when both servers have a ManageSieve port;
     * returns what the summary says of them.
     */
    private String compareSieve(String user, UserPasswords passwords, List<String> differences) throws IOException {
        if (a.manageSievePort().isEmpty() || b.manageSievePort().isEmpty()) {
            return "";
        }
        Optional<String> password = passwords.password(user);
        if (password.isEmpty()) {
            return "; Sieve scripts not compared: ManageSieve needs the user's password (users file)";
        }
        SieveScripts onA = SieveScripts.read(a.name(), a.imapHost(), a.manageSievePort().getAsInt(), user, password.get());
        SieveScripts onB = SieveScripts.read(b.name(), b.imapHost(), b.manageSievePort().getAsInt(), user, password.get());
        differences.addAll(onA.differencesFrom(onB));
        return ", " + onA.sha256ByName().size() + " Sieve scripts on " + a.name() + ", " + onB.sha256ByName().size()
                + " on " + b.name();
    }

    /** The user's mail on {@code server}; empty when WebAdmin says the user does not exist there. */
    private Optional<MailStore> read(Server server, String user)
            throws MessagingException, IOException, InterruptedException {
        if (server.webAdmin().isPresent()) {
            Optional<SortedSet<String>> mailboxes = server.webAdmin().get().mailboxes(user);
            if (mailboxes.isEmpty()) {
                return Optional.empty();
            }
            if (mailboxes.get().isEmpty()) {
                // Logging in would provision INBOX & co. on this server alone.
                return Optional.of(new MailStore(server.name(), user, new TreeMap<>()));
            }
        }
        if (!login.canLogIn(user)) {
            throw new IllegalStateException("no password for " + user
                    + " (give it in the users file, or log in as an administrator with --admin)");
        }
        Store store = login.connect(server.imapHost(), server.imapPort(), user);
        try {
            return Optional.of(ImapMailStoreReader.read(server.name(), user, store));
        } finally {
            store.close();
        }
    }
}
