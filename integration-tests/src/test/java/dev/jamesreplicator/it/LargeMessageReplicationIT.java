package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SynchronizingAppend;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.NodePorts;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.ContentHash;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 25 MB message (a base64 attachment) appended on a reaches b byte for byte, streamed and
 * spooled on the way (the nodes run with the pair's default 1 GB heap, where the memory backend
 * keeps its own copy), and no spool file is left behind.
 */
@ExtendWith(JamesPairExtension.class)
class LargeMessageReplicationIT {
    private static final int SIZE = 25 * 1024 * 1024;
    private static final Instant DATE = Instant.parse("2024-06-01T08:00:00Z");

    @Test
    void a25MegabyteMessageAppendedOnAReachesBWithIdenticalBytes(JamesPair pair) throws Exception {
        TestUser user = pair.newSettledUser("large");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        byte[] message = largeMessage(user.address(), SIZE);
        String sha256 = ContentHash.of(message);
        long uid;
        long uidValidity;
        NodePorts a = pair.ports(Node.A);
        uid = SynchronizingAppend.append(a.host(), a.imap(), user.address(), user.password(), "INBOX", message, "\\Seen", DATE);
        acknowledged.storedAsIs("APPEND on a of a " + message.length + "-byte message", "INBOX", sha256);
        try (ImapSession session = pair.imap(Node.A, user)) {
            uidValidity = session.status("INBOX").uidValidity();
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged, Duration.ofSeconds(90));

        MailboxState inboxOnB = converged.b().mailbox("INBOX").orElseThrow();
        assertThat(inboxOnB.uidValidity()).isEqualTo(uidValidity);
        MessageState onB = inboxOnB.message(uid).orElseThrow();
        assertThat(onB.size()).isEqualTo(message.length);
        assertThat(onB.sha256()).as("the bytes on b").isEqualTo(sha256);
        assertThat(onB.internalDate()).isEqualTo(DATE);
        assertThat(onB.flags()).containsExactly("\\Seen");
        // b spooled the 25 MB body it received: its spool exists, and holds nothing once stored.
        assertThat(pair.nodeDirectory(Node.B).resolve("var/replication/tmp")).isDirectory();
        for (Node node : Node.values()) {
            Path spool = pair.nodeDirectory(node).resolve("var/replication/tmp");
            if (Files.isDirectory(spool)) {
                try (Stream<Path> left = Files.list(spool)) {
                    assertThat(left).as("spool files left on " + node).isEmpty();
                }
            }
        }
    }

    /** A multipart message whose attachment is base64 of random bytes, just under {@code size} bytes in all. */
    private static byte[] largeMessage(String to, int size) {
        String boundary = "=_" + UUID.randomUUID();
        String head = "From: sender@example.org\r\n"
                + "To: " + to + "\r\n"
                + "Subject: a large attachment\r\n"
                + "Date: Sat, 1 Jun 2024 08:00:00 +0000\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@it.james-replicator.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n"
                + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "The attachment is large.\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Type: application/octet-stream; name=\"large.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"large.bin\"\r\n"
                + "\r\n";
        String tail = "--" + boundary + "--\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        Random random = new Random(size);
        byte[] raw = new byte[57];
        Base64.Encoder base64 = Base64.getEncoder();
        while (out.size() + 78 + tail.length() <= size) {
            random.nextBytes(raw);
            out.writeBytes(base64.encode(raw));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        out.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
