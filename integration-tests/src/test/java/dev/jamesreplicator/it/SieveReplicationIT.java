package dev.jamesreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.jamesreplicator.it.client.LmtpClient;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.client.SmtpSender;
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
import dev.jamesreplicator.tools.sieve.ManageSieveClient;
import dev.jamesreplicator.tools.verify.VerifyPair;

/** Sieve scripts changed over ManageSieve on one server replicate to the other, both ways (docs/sieve.md). */
@ExtendWith(JamesPairExtension.class)
class SieveReplicationIT {
    private static final String SPAM = "require \"fileinto\";\r\nif header :contains \"X-Spam\" \"yes\" {\r\n  fileinto \"Spam\";\r\n}\r\n";
    private static final String VACATION = "require \"vacation\";\r\nvacation \"I am away\";\r\n";

    /** Waits until the node lists exactly these scripts (name to active) with these contents. */
    private static void awaitScripts(JamesPair pair, Node node, TestUser user, Map<String, Boolean> listed,
                                     Map<String, String> contents) {
        Eventually.until("the Sieve scripts of " + user.address() + " on " + node, Convergence.timeout(), () -> {
            List<String> problems = new ArrayList<>();
            try (ManageSieveClient client = pair.manageSieve(node, user)) {
                Map<String, Boolean> scripts = client.listScripts();
                if (!scripts.equals(listed)) {
                    problems.add("lists " + scripts + ", not " + listed);
                    return problems;
                }
                for (Map.Entry<String, String> script : contents.entrySet()) {
                    String content = client.getScript(script.getKey());
                    if (!content.equals(script.getValue())) {
                        problems.add(script.getKey() + " holds " + content);
                    }
                }
            }
            return problems;
        });
    }

    /** A's user uploads the spam script over ManageSieve and makes it active; waits until b has it so. */
    private static void activeSpamScriptOnAReachesB(JamesPair pair, TestUser user) throws Exception {
        try (ManageSieveClient a = pair.manageSieve(Node.A, user)) {
            a.putScript("spam", SPAM);
            a.setActive("spam");
        }
        awaitScripts(pair, Node.B, user, Map.of("spam", true), Map.of("spam", SPAM));
    }

    @Test
    void scriptsTheActiveOneRenamesAndDeletionsReplicateBothWays(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("sieve");
        activeSpamScriptOnAReachesB(pair, user);

        try (ManageSieveClient b = pair.manageSieve(Node.B, user)) {
            b.renameScript("spam", "filters");
            b.putScript("vacation", VACATION);
        }
        awaitScripts(pair, Node.A, user, Map.of("filters", true, "vacation", false),
            Map.of("filters", SPAM, "vacation", VACATION));

        try (ManageSieveClient a = pair.manageSieve(Node.A, user)) {
            a.setActive("vacation");
            a.deleteScript("filters");
        }
        awaitScripts(pair, Node.B, user, Map.of("vacation", true), Map.of("vacation", VACATION));

        // WebAdmin's verify compares the scripts too: once in step, from either node, nothing differs.
        new ReplicatorCli(pair).awaitIdentical(user.address());
    }

    private static byte[] markedAsSpam(SampleMessage message) {
        return ("X-Spam: yes\r\n" + new String(message.bytes(), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Issue 12's promise: mail delivered on either node after a change is filtered by the same
     * active script, whether it came by SMTP or by LMTP (the demo pair's LMTP runs the mailet
     * container, Sieve included).
     */
    @Test
    void mailDeliveredOnTheTwinIsFiledByTheScriptActivatedOnTheOtherNode(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("sieve-filter");
        activeSpamScriptOnAReachesB(pair, user);

        SampleMessage spam = SampleMessage.create("spam", "frank@example.org", user.address());
        SmtpSender.send(pair.ports(Node.B).host(), pair.ports(Node.B).smtp(), "frank@example.org", user.address(), markedAsSpam(spam));
        SampleMessage plain = SampleMessage.create("not spam", "frank@example.org", user.address());
        SmtpSender.send(pair.ports(Node.B).host(), pair.ports(Node.B).smtp(), "frank@example.org", user.address(), plain.bytes());
        SampleMessage spamByLmtp = SampleMessage.create("spam by lmtp", "frank@example.org", user.address());
        LmtpClient.deliver(pair.ports(Node.A).host(), pair.ports(Node.A).lmtp(), "frank@example.org", user.address(),
            markedAsSpam(spamByLmtp));

        AcknowledgedMail delivered = new AcknowledgedMail();
        delivered.delivered("marked as spam, delivered on b, filed by a's script", "Spam", spam.bodySha256());
        delivered.delivered("not marked, delivered on b", "INBOX", plain.bodySha256());
        delivered.delivered("marked as spam, delivered by LMTP on a", "Spam", spamByLmtp.bodySha256());
        Convergence.Converged converged = Convergence.await(pair, user, delivered);
        assertThat(converged.a().mailbox("INBOX").orElseThrow().messages()).as("only the plain message in INBOX").hasSize(1);
        assertThat(converged.a().mailbox("Spam").orElseThrow().messages()).as("both marked messages in Spam").hasSize(2);
    }

    /** What {@code bin/james-pair verify} prints and exits with for the user, run against this pair. */
    private record VerifyRun(int status, String output) {
    }

    private static VerifyRun verify(JamesPair pair, TestUser user, Path usersFile) {
        NodePorts a = pair.ports(Node.A);
        NodePorts b = pair.ports(Node.B);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = VerifyPair.run(new String[] {"--a", a.host() + ":" + a.imap(), "--b", b.host() + ":" + b.imap(),
            "--a-sieve", String.valueOf(a.manageSieve()), "--b-sieve", String.valueOf(b.manageSieve()),
            "--users-file", usersFile.toString(), user.address()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return new VerifyRun(status, out.toString(StandardCharsets.UTF_8));
    }

    /** The pair-tools verify compares the scripts over ManageSieve: the same once replicated, a script on one side a difference. */
    @Test
    void verifyComparesTheScriptsOnBothNodes(JamesPair pair, @TempDir Path directory) throws Exception {
        TestUser user = pair.newSettledUser("sieve-verify");
        activeSpamScriptOnAReachesB(pair, user);
        Path usersFile = Files.writeString(directory.resolve("users"), user.address() + "\t" + user.password() + "\n");

        VerifyRun same = verify(pair, user, usersFile);
        assertThat(same.status()).as(same.output()).isZero();
        assertThat(same.output()).contains("1 Sieve scripts on a, 1 on b");

        try (ReplicationLinkSwitch cut = ReplicationLinkSwitch.cut(pair)) {
            try (ManageSieveClient a = pair.manageSieve(Node.A, user)) {
                a.putScript("vacation", VACATION);
            }
            VerifyRun differs = verify(pair, user, usersFile);
            assertThat(differs.status()).as(differs.output()).isEqualTo(1);
            assertThat(differs.output()).contains("sieve script \"vacation\": only on a");
        }
        awaitScripts(pair, Node.B, user, Map.of("spam", true, "vacation", false), Map.of("spam", SPAM, "vacation", VACATION));
        Convergence.await(pair, user, new AcknowledgedMail());
    }
}
