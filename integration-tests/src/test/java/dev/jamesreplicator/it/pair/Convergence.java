package dev.jamesreplicator.it.pair;

import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.PairComparison;
import dev.jamesreplicator.tools.verify.ServerData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end of every test that changes mail: wait until the user's stores on both nodes are equal
 * and hold every acknowledged message (mailboxes, messages, subscriptions and ACLs compared), the
 * user's Sieve scripts are the same on both, and so is the server-wide data (domains, users,
 * rewrites, quota limits, the user's among them) as both WebAdmins list it.
 */
public final class Convergence {

    /** The two equal snapshots the wait ended on. */
    public record Converged(MailStore a, MailStore b, Duration took) {
    }

    /** Everything {@code bin/james-pair verify} compares, MODSEQs and HIGHESTMODSEQs included. */
    private static final PairComparison COMPARISON = PairComparison.everything();

    private Convergence() {
    }

    public static Duration timeout() {
        return Duration.parse(System.getProperty("it.convergenceTimeout", "PT20S"));
    }

    public static Converged await(JamesPair pair, TestUser user, AcknowledgedMail acknowledged) {
        return await(pair, user, acknowledged, timeout());
    }

    /** As {@link #await(JamesPair, TestUser, AcknowledgedMail)}, with more time for a large store. */
    public static Converged await(JamesPair pair, TestUser user, AcknowledgedMail acknowledged, Duration timeout) {
        AtomicReference<MailStore[]> lastSeen = new AtomicReference<>();
        Duration took = Eventually.until(
                user.address() + " converged on both nodes with " + acknowledged.size() + " acknowledged messages",
                timeout.compareTo(timeout()) > 0 ? timeout : timeout(),
                () -> {
                    MailStore a = pair.snapshot(Node.A, user);
                    MailStore b = pair.snapshot(Node.B, user);
                    lastSeen.set(new MailStore[] {a, b});
                    List<String> problems = new ArrayList<>(COMPARISON.compare(a, b));
                    problems.addAll(pair.sieveScripts(Node.A, user).differencesFrom(pair.sieveScripts(Node.B, user)));
                    problems.addAll(ServerData.differences(pair.serverData(Node.A, user), "a", pair.serverData(Node.B, user), "b"));
                    problems.addAll(acknowledged.missingFrom(a));
                    problems.addAll(acknowledged.missingFrom(b));
                    return problems;
                });
        MailStore[] converged = lastSeen.get();
        System.out.printf("%s: converged in %d ms (%d messages)%n", user.address(), took.toMillis(),
                converged[0].messageCount());
        return new Converged(converged[0], converged[1], took);
    }
}
