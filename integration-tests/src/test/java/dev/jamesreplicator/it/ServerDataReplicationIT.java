package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.UUID;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.MessagingException;
import jakarta.mail.Quota;

import org.eclipse.angus.mail.imap.IMAPStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.LmtpClient;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.conflict.ReplicationLinkSwitch;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.NodePorts;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.replicator.ReplicatorCli;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.ServerData;
import dev.jamesreplicator.tools.verify.VerifyPair;
import dev.jamesreplicator.tools.verify.WebAdmin;

/**
 * Domains, domain aliases, recipient rewrites (aliases, forwards, groups), quota limits and users made
 * through WebAdmin on one server replicate to the other, both ways, read back through the other's
 * WebAdmin (docs/server-data.md).
 */
@ExtendWith(JamesPairExtension.class)
class ServerDataReplicationIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void domainsAliasesForwardsGroupsAndQuotaLimitsMadeOnEitherNodeReachTheOther(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("server-data");
        String suffix = suffix();
        String domain = "sd-" + suffix + ".test";
        String aliasDomain = "sd-alias-" + suffix + ".test";
        String alias = "alias-" + suffix + "@" + domainOf(user);
        String group = "group-" + suffix + "@" + domain;
        String forward = "elsewhere-" + suffix + "@remote.test";

        // On a: a domain, a domain alias of it, an address alias and a group member.
        put(pair, Node.A, "/domains/" + domain);
        // James's domain alias: mail to aliasDomain goes to domain; both must be domains of the server.
        put(pair, Node.A, "/domains/" + aliasDomain);
        put(pair, Node.A, "/domains/" + domain + "/aliases/" + aliasDomain);
        put(pair, Node.A, "/address/aliases/" + user.address() + "/sources/" + alias);
        put(pair, Node.A, "/address/groups/" + group + "/" + user.address());
        awaitContains(pair, Node.B, "/domains", domain);
        awaitContains(pair, Node.B, "/domains/" + domain + "/aliases", aliasDomain);
        awaitContains(pair, Node.B, "/address/aliases/" + user.address(), alias);
        awaitContains(pair, Node.B, "/address/groups/" + group, user.address());

        // The alias works on b: mail to it there lands in the user's INBOX.
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        SampleMessage message = SampleMessage.create("to the alias on b", "sender@remote.test", alias);
        NodePorts b = pair.ports(Node.B);
        LmtpClient.deliver(b.host(), b.lmtp(), "sender@remote.test", alias, message.bytes());
        acknowledged.delivered("LMTP delivery on b to the alias " + alias, "INBOX", message.bodySha256());
        Eventually.until("the alias's mail in the INBOX of " + user.address() + " on b", Convergence.timeout(), () -> {
            try (ImapSession session = pair.imap(Node.B, user)) {
                return session.uidsOf("INBOX", message.messageId()).isEmpty() ? List.of("not there") : List.of();
            }
        });

        // The reverse: a forward made on b reaches a.
        put(pair, Node.B, "/address/forwards/" + user.address() + "/targets/" + forward);
        awaitContains(pair, Node.A, "/address/forwards/" + user.address(), forward);

        // Quota limits: a user's set on a, a domain's on b, each read on the other.
        put(pair, Node.A, "/quota/users/" + user.address() + "/count", "42");
        put(pair, Node.B, "/quota/domains/" + domain + "/size", "1000000");
        awaitAnswer(pair, Node.B, "/quota/users/" + user.address() + "/count", "42");
        awaitAnswer(pair, Node.A, "/quota/domains/" + domain + "/size", "1000000");

        // Removals replicate: the group member and the domain alias removed on b, the domain on a.
        delete(pair, Node.B, "/address/groups/" + group + "/" + user.address());
        delete(pair, Node.B, "/domains/" + domain + "/aliases/" + aliasDomain);
        awaitLacks(pair, Node.A, "/address/groups/" + group, user.address());
        awaitLacks(pair, Node.A, "/domains/" + domain + "/aliases", aliasDomain);
        delete(pair, Node.A, "/domains/" + domain);
        awaitLacks(pair, Node.B, "/domains", domain);

        awaitSameServerData(pair, user);
        Convergence.await(pair, user, acknowledged);
    }

    /**
     * A user's quota as IMAP clients read it (GETQUOTAROOT): the limit replicates, the usage is
     * each James's own count of the mail there, and after mail written on both nodes both answer
     * the same.
     */
    @Test
    void quotaUsageAndLimitsReadOverImapAreTheSameOnBothNodes(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("quota");
        put(pair, Node.A, "/quota/users/" + user.address() + "/count", "50");
        put(pair, Node.A, "/quota/users/" + user.address() + "/size", "10000000");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        for (Node node : Node.values()) {
            try (ImapSession session = pair.imap(node, user)) {
                for (int i = 0; i < 3; i++) {
                    SampleMessage message = SampleMessage.create("quota " + node + " " + i, "sender@remote.test", user.address(), 1000 * i);
                    session.append("INBOX", message.bytes(), new Flags(), Instant.now());
                    acknowledged.storedAsIs("APPEND on " + node + " of " + message.messageId(), "INBOX", message.sha256());
                }
            }
        }
        Convergence.await(pair, user, acknowledged);

        Eventually.until("the same quota of " + user.address() + " on both nodes", Convergence.timeout(), () -> {
            String onA = quotaRoot(pair, Node.A, user);
            String onB = quotaRoot(pair, Node.B, user);
            return onA.equals(onB) ? List.of() : List.of("a " + onA + ", b " + onB);
        });
        assertThat(quotaRoot(pair, Node.B, user)).contains("MESSAGE 6/50").contains("STORAGE ");
    }

    /** GETQUOTAROOT INBOX: each quota's resources as {@code NAME usage/limit}. */
    private static String quotaRoot(JamesPair pair, Node node, TestUser user) throws MessagingException {
        try (ImapSession session = pair.imap(node, user)) {
            StringBuilder text = new StringBuilder();
            for (Quota quota : ((IMAPStore) session.store()).getQuota("INBOX")) {
                text.append(quota.quotaRoot).append(':');
                for (Quota.Resource resource : quota.resources) {
                    text.append(' ').append(resource.name).append(' ').append(resource.usage).append('/').append(resource.limit);
                }
                text.append(';');
            }
            return text.toString();
        }
    }

    @Test
    void changesMadeOnBothNodesWhileApartAreAllKeptAndARemovalWins(JamesPair pair, @TempDir Path directory) throws Exception {
        TestUser user = pair.newSettledUser("server-data-apart");
        TestUser other = pair.newSettledUser("server-data-apart2");
        String suffix = suffix();
        String group = "team-" + suffix + "@" + domainOf(user);
        String forward = "old-" + suffix + "@remote.test";
        String both = "both-" + suffix + ".test";
        put(pair, Node.A, "/address/forwards/" + user.address() + "/targets/" + forward);
        awaitContains(pair, Node.B, "/address/forwards/" + user.address(), forward);

        try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
            // A member added to one group on each node, the same domain created on both, a forward removed on a.
            put(pair, Node.A, "/address/groups/" + group + "/" + user.address());
            put(pair, Node.B, "/address/groups/" + group + "/" + other.address());
            put(pair, Node.A, "/domains/" + both);
            put(pair, Node.B, "/domains/" + both);
            delete(pair, Node.A, "/address/forwards/" + user.address() + "/targets/" + forward);
            // One user's quota limit changed on both: the value of b, whose name sorts last, wins.
            put(pair, Node.A, "/quota/users/" + user.address() + "/count", "20");
            put(pair, Node.B, "/quota/users/" + user.address() + "/count", "30");

            // bin/james-pair verify (pair-tools) tells what differs meanwhile.
            String apart = verify(pair, user, directory, 1);
            assertThat(apart).contains("server data of a and b:")
                .contains("/quota/users/" + user.address() + "/count: a [20], b [30]");
        }

        for (Node node : Node.values()) {
            awaitContains(pair, node, "/address/groups/" + group, user.address(), other.address());
            awaitLacks(pair, node, "/address/forwards/" + user.address(), forward);
            awaitContains(pair, node, "/domains", both);
            awaitAnswer(pair, node, "/quota/users/" + user.address() + "/count", "30");
        }
        awaitSameServerData(pair, user, other);
        assertThat(verify(pair, user, directory, 0)).contains("server data: same on a and b");
        Convergence.await(pair, user, new AcknowledgedMail());
    }

    /** pair-tools' verify of {@code user} and the server data, with both WebAdmins; what it printed, its status asserted. */
    private static String verify(JamesPair pair, TestUser user, Path directory, int expectedStatus) throws IOException {
        NodePorts a = pair.ports(Node.A);
        NodePorts b = pair.ports(Node.B);
        ReplicatorCli cli = new ReplicatorCli(pair);
        Path usersFile = Files.writeString(directory.resolve("users"), user.address() + "\t" + user.password() + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyPair.run(new String[] {"--a", a.host() + ":" + a.imap(), "--b", b.host() + ":" + b.imap(),
            "--a-webadmin", cli.webAdmin(Node.A), "--b-webadmin", cli.webAdmin(Node.B),
            "--users-file", usersFile.toString(), user.address()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(expectedStatus);
        return printed;
    }

    /**
     * A user made through WebAdmin on a logs in by IMAP on b with the same password, a password
     * changed on b works on a (the old one no longer), a user removed on a is gone from b: only the
     * stored hash crossed (docs/server-data.md).
     */
    @Test
    void usersMadeChangedAndRemovedOnEitherNodeLogInOnTheOtherWithTheSamePassword(JamesPair pair) throws Exception {
        String suffix = suffix();
        TestUser first = new TestUser("user-" + suffix + "@example.test", "first-" + suffix);
        TestUser second = new TestUser(first.address(), "second-" + suffix);
        put(pair, Node.A, "/users/" + first.address(), "{\"password\":\"" + first.password() + "\"}");
        awaitLogin(pair, Node.B, first, true);

        // WebAdmin changes a password of a user it has with ?force.
        put(pair, Node.B, "/users/" + first.address() + "?force", "{\"password\":\"" + second.password() + "\"}");
        awaitLogin(pair, Node.A, second, true);
        awaitLogin(pair, Node.A, first, false);

        delete(pair, Node.A, "/users/" + first.address());
        awaitLacks(pair, Node.B, "/users", first.address());
        awaitLogin(pair, Node.B, second, false);
        awaitSameServerData(pair);
    }

    /**
     * With the link cut, a user deleted on a while b changed the password: the change beats the
     * removal, and the user is back on a, whole, logging in with b's new password on both.
     */
    @Test
    void aUserDeletedOnOneNodeWhileTheOtherChangedThePasswordComesBackWithTheNewOne(JamesPair pair) throws Exception {
        String suffix = suffix();
        TestUser old = new TestUser("apart-" + suffix + "@example.test", "old-" + suffix);
        TestUser changed = new TestUser(old.address(), "new-" + suffix);
        put(pair, Node.A, "/users/" + old.address(), "{\"password\":\"" + old.password() + "\"}");
        awaitLogin(pair, Node.B, old, true);

        try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
            delete(pair, Node.A, "/users/" + old.address());
            put(pair, Node.B, "/users/" + old.address() + "?force", "{\"password\":\"" + changed.password() + "\"}");
        }

        for (Node node : Node.values()) {
            awaitLogin(pair, node, changed, true);
            awaitLogin(pair, node, old, false);
        }
        awaitSameServerData(pair);
    }

    /**
     * Memory backend: b restarted empty gets from a a domain, a user of it, the user's alias and
     * quota limit, none of which the launcher knows (it re-creates only the users of its own users
     * file, so it hides nothing here: it has no switch to stop doing that), and the user logs in
     * on b.
     */
    @Test
    void aNodeRestartedEmptyGetsItsUsersBackAndTheyLogIn(JamesPair pair) throws Exception {
        Assumptions.assumeFalse(pair.persistent(), "the jpa backend keeps its users across a restart");
        String suffix = suffix();
        String domain = "users-" + suffix + ".test";
        TestUser user = new TestUser("back-" + suffix + "@" + domain, "pw-" + suffix);
        String alias = "alias-back-" + suffix + "@" + domain;
        put(pair, Node.A, "/domains/" + domain);
        put(pair, Node.A, "/users/" + user.address(), "{\"password\":\"" + user.password() + "\"}");
        put(pair, Node.A, "/address/aliases/" + user.address() + "/sources/" + alias);
        put(pair, Node.A, "/quota/users/" + user.address() + "/count", "77");
        awaitLogin(pair, Node.B, user, true);
        awaitContains(pair, Node.B, "/address/aliases/" + user.address(), alias);
        awaitAnswer(pair, Node.B, "/quota/users/" + user.address() + "/count", "77");

        pair.kill(Node.B);
        pair.start(Node.B);
        awaitContains(pair, Node.B, "/domains", domain);
        awaitLogin(pair, Node.B, user, true);
        awaitContains(pair, Node.B, "/address/aliases/" + user.address(), alias);
        awaitAnswer(pair, Node.B, "/quota/users/" + user.address() + "/count", "77");
        awaitSameServerData(pair, user);
    }

    /** Until the user's IMAP login on the node succeeds ({@code accepted}) or is refused. */
    private static void awaitLogin(JamesPair pair, Node node, TestUser user, boolean accepted) {
        Eventually.until(user.address() + "'s login on " + node + (accepted ? " accepted" : " refused"), Convergence.timeout(), () -> {
            try (ImapSession session = pair.imap(node, user)) {
                return accepted ? List.of() : List.of("accepted");
            } catch (AuthenticationFailedException e) {
                return accepted ? List.of("refused: " + e.getMessage()) : List.of();
            }
        });
    }

    /**
     * Both nodes' WebAdmin answer the same domains, users, domain aliases, address aliases, forwards,
     * groups and quota limits (global, the domains', the {@code users}'), as pair-tools' verify
     * reads them (the launcher provisioned the demo domain and users on both: no doubles either).
     */
    static void awaitSameServerData(JamesPair pair, TestUser... users) {
        Eventually.until("the same server data on both nodes", Convergence.timeout(), () -> {
            SortedMap<String, List<String>> a = pair.serverData(Node.A, users);
            List<String> problems = new ArrayList<>(ServerData.differences(a, "a", pair.serverData(Node.B, users), "b"));
            for (List<String> values : a.values()) {
                if (values.stream().distinct().count() != values.size()) {
                    problems.add("doubles in " + values);
                }
            }
            return problems;
        });
        // And the replicator's own comparison of the server unit, from either node, finds nothing.
        for (Node node : Node.values()) {
            Eventually.until("verify of the server data on " + node, Convergence.timeout(), () -> {
                HttpResponse<String> verify = HTTP.send(HttpRequest.newBuilder(uri(pair, node, "/replication/verify/<server>"))
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
                return verify.statusCode() == 200 && verify.body().contains("\"identical\":true")
                    ? List.of() : List.of(verify.statusCode() + " " + verify.body());
            });
        }
    }

    /** What a WebAdmin listing names (the strings of its answer), nothing where it answers 404. */
    private static List<String> listed(JamesPair pair, Node node, String path) throws IOException, InterruptedException {
        return new WebAdmin(uri(pair, node, "/")).listing(path);
    }

    private static void awaitContains(JamesPair pair, Node node, String path, String... expected) {
        Eventually.until(path + " on " + node + " lists " + List.of(expected), Convergence.timeout(), () -> {
            List<String> held = listed(pair, node, path);
            return held.containsAll(List.of(expected)) ? List.of() : List.of("lists " + held);
        });
    }

    private static void awaitAnswer(JamesPair pair, Node node, String path, String expected) {
        Eventually.until(path + " on " + node + " answers " + expected, Convergence.timeout(), () -> {
            HttpResponse<String> answer = get(pair, node, path);
            return answer.statusCode() == 200 && answer.body().trim().equals(expected) ? List.of()
                : List.of(answer.statusCode() + " " + answer.body());
        });
    }

    private static void awaitLacks(JamesPair pair, Node node, String path, String absent) {
        Eventually.until(path + " on " + node + " no longer lists " + absent, Convergence.timeout(), () -> {
            List<String> held = listed(pair, node, path);
            return held.contains(absent) ? List.of("lists " + held) : List.of();
        });
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    }

    private static String domainOf(TestUser user) {
        return user.address().substring(user.address().indexOf('@') + 1);
    }

    /** The path's segments encoded, a query ({@code ?force}) kept as it is. */
    private static URI uri(JamesPair pair, Node node, String path) {
        int query = path.indexOf('?');
        StringBuilder encoded = new StringBuilder();
        for (String segment : (query < 0 ? path : path.substring(0, query)).substring(1).split("/")) {
            encoded.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8));
        }
        return URI.create(new ReplicatorCli(pair).webAdmin(node) + encoded + (query < 0 ? "" : path.substring(query)));
    }

    private static HttpResponse<String> get(JamesPair pair, Node node, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(pair, node, path)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void put(JamesPair pair, Node node, String path) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri(pair, node, path)).PUT(HttpRequest.BodyPublishers.noBody()), "PUT " + path + " on " + node);
    }

    private static void put(JamesPair pair, Node node, String path, String body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri(pair, node, path)).PUT(HttpRequest.BodyPublishers.ofString(body)),
            "PUT " + path + " " + body + " on " + node);
    }

    private static void delete(JamesPair pair, Node node, String path) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(uri(pair, node, path)).DELETE(), "DELETE " + path + " on " + node);
    }

    private static void send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isBetween(200, 299);
    }
}
