package dev.jamesreplicator.it.persistent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.client.SmtpSender;
import dev.jamesreplicator.it.pair.CuttingProxy;
import dev.jamesreplicator.it.pair.Eventually;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import jakarta.mail.Flags;

/**
 * The persistent backend ({@code bin/james-pair --backend jpa}) keeps a node's mail, users,
 * domains and aliases across SIGKILL, and mail SMTP accepted but not yet delivered. Single-node
 * persistence only: both replication links are cut and node b is stopped (a pair replicating
 * while a node is killed: {@link KilledUnderLoadIT}). A pair of its own, on a
 * new home and ports apart from the shared pair (base {@code jamesPair.persistentBase}, default
 * 23000).
 */
class PersistentNodeIT {
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);
    private static final String DEMO_USER = "demo@example.test";

    static JamesPair pair;

    @BeforeAll
    static void startANewPersistentPair() throws IOException {
        startANewPair(JamesPair.own("pair-jpa-it", Integer.getInteger("jamesPair.persistentBase", 23000), "jpa"));
    }

    /** The class's pair, new, both replication links cut (subclasses run the same test on another database). */
    static void startANewPair(JamesPair newPair) throws IOException {
        pair = newPair;
        Runtime.getRuntime().addShutdownHook(new Thread(pair::close, "james-pair-jpa-down"));
        pair.startFresh();
        pair.linkFromA().cut(CuttingProxy.Cuts.EVERYTHING);
        pair.linkFromB().cut(CuttingProxy.Cuts.EVERYTHING);
    }

    @AfterAll
    static void stopIt() {
        if (pair != null) {
            pair.close();
        }
    }

    @Test
    void aKilledNodeComesBackWithItsMailUsersDomainsAndTheMailItHadNotDeliveredYet() throws Exception {
        // `up` made a new node: it created the demo user in its empty database.
        assertThat(webAdminList(Node.A, "/users")).contains(DEMO_USER);
        TestUser user = pair.newUser("persistent");
        pair.stop(Node.B);

        // Held mail: a stopped node gets the hold mailet, then starts with its conf as it is.
        Path release = pair.nodeDirectory(Node.A).resolve("var/release-held-mail");
        pair.stop(Node.A);
        Path held = HoldMailetInstaller.install(pair.nodeDirectory(Node.A), release);
        pair.start(Node.A);

        try (ImapSession a = pair.imap(Node.A, user)) {
            a.create("Kept");
            a.append("INBOX", SampleMessage.create("seen", "erin@example.org", user.address()).bytes(),
                new Flags(Flags.Flag.SEEN), Instant.parse("2025-05-01T07:00:00Z"));
            long flagged = a.append("INBOX", SampleMessage.create("flagged", "erin@example.org", user.address()).bytes(),
                new Flags(), Instant.parse("2025-05-02T07:00:00Z"));
            Flags keyword = new Flags(Flags.Flag.FLAGGED);
            keyword.add("$Important");
            a.setFlags("INBOX", flagged, keyword, true);
            a.append("Kept", SampleMessage.create("kept", "erin@example.org", user.address(), 20_000).bytes(),
                new Flags(Flags.Flag.ANSWERED), Instant.parse("2025-05-03T07:00:00Z"));
        }
        SampleMessage delivered = SampleMessage.create("smtp", "frank@example.org", user.address());
        SmtpSender.send(pair.ports(Node.A).host(), pair.ports(Node.A).smtp(), "frank@example.org", user.address(), delivered.bytes());
        Eventually.until("the SMTP mail in INBOX on a", DELIVERY_TIMEOUT,
            () -> holds(pair.snapshot(Node.A, user).mailbox("INBOX").orElseThrow(), delivered) ? List.of() : List.of("not yet"));

        SampleMessage onHold = SampleMessage.create("held", "frank@example.org", user.address());
        byte[] onHoldBytes = withHeader(onHold.bytes(), HoldMailetInstaller.HEADER + ": yes");
        SmtpSender.send(pair.ports(Node.A).host(), pair.ports(Node.A).smtp(), "frank@example.org", user.address(), onHoldBytes);
        Eventually.until("the spooler holding the mail", DELIVERY_TIMEOUT, () -> heldMails(held) == 1 ? List.of() : List.of("not held yet"));

        // The demo user goes: a restart must show what the node kept, not what was re-created.
        webAdmin(Node.A, "DELETE", "/users/" + DEMO_USER);
        String alias = "alias-" + user.address();
        webAdmin(Node.A, "PUT", "/address/aliases/" + user.address() + "/sources/" + alias);
        MailStore before = pair.snapshot(Node.A, user);

        pair.kill(Node.A);
        pair.start(Node.A);

        MailStore after = pair.snapshot(Node.A, user);
        assertThat(after).isEqualTo(before);
        assertThat(after.mailbox("INBOX").orElseThrow().messages()).hasSize(3);
        assertThat(after.mailbox("Kept").orElseThrow().messages()).hasSize(1);
        assertThat(webAdminList(Node.A, "/users")).contains(user.address()).doesNotContain(DEMO_USER);
        assertThat(webAdminList(Node.A, "/domains")).contains("example.test");
        assertThat(webAdminList(Node.A, "/address/aliases/" + user.address())).contains(alias);

        // The held mail was taken again from the persistent queue; released, it is delivered once.
        Eventually.until("the spooler holding the mail again", DELIVERY_TIMEOUT, () -> heldMails(held) == 2 ? List.of() : List.of("not held again"));
        Files.writeString(release, "go\n");
        long uidNext = before.mailbox("INBOX").orElseThrow().uidNext();
        Eventually.until("the held mail in INBOX", DELIVERY_TIMEOUT, () -> {
            MailboxState inbox = pair.snapshot(Node.A, user).mailbox("INBOX").orElseThrow();
            return inbox.messages().size() == 4 ? List.of() : List.of(inbox.messages().size() + " messages");
        });
        MailboxState inbox = pair.snapshot(Node.A, user).mailbox("INBOX").orElseThrow();
        assertThat(inbox.uidValidity()).isEqualTo(before.mailbox("INBOX").orElseThrow().uidValidity());
        assertThat(inbox.message(uidNext)).hasValueSatisfying(message -> assertThat(message.messageId()).isEqualTo(onHold.messageId()));
    }

    /** By Message-ID: James adds a Received header to mail it takes by SMTP. */
    private static boolean holds(MailboxState mailbox, SampleMessage message) {
        return mailbox.messages().values().stream().anyMatch(m -> message.messageId().equals(m.messageId()));
    }

    private static int heldMails(Path held) throws IOException {
        return Files.exists(held) ? Files.readAllLines(held).size() : 0;
    }

    /** The message with one more header line on top. */
    private static byte[] withHeader(byte[] message, String header) {
        return (header + "\r\n" + new String(message, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String webAdminList(Node node, String path) throws Exception {
        return webAdmin(node, "GET", path);
    }

    private static String webAdmin(Node node, String method, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://" + pair.ports(node).host() + ":" + pair.ports(node).webAdmin() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response.body();
    }
}
