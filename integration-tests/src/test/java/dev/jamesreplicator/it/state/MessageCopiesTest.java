package dev.jamesreplicator.it.state;

import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class MessageCopiesTest {
    private static final SampleMessage KEPT = SampleMessage.create("kept", "x@example.org", "u@example.test");
    private static final SampleMessage LOST = SampleMessage.create("lost", "x@example.org", "u@example.test");
    private static final SampleMessage DOUBLED = SampleMessage.create("doubled", "x@example.org", "u@example.test");
    private static final SampleMessage ON_A = SampleMessage.create("on a", "x@example.org", "u@example.test");

    @Test
    void countsLostDoubledAndOneSidedMessagesByContentAcrossMailboxes() {
        MailStore a = store("a", mailbox("INBOX", KEPT, DOUBLED, ON_A), mailbox("Archive", DOUBLED));
        MailStore b = store("b", mailbox("INBOX", KEPT, DOUBLED), mailbox("Archive", DOUBLED));

        MessageCopies copies = MessageCopies.count(List.of(KEPT, LOST, DOUBLED, ON_A), a, b);

        assertThat(copies.summary()).isEqualTo("lost=1 doubled=1 one-sided=1 of 4");
        assertThat(copies.notExactlyOnceIn("INBOX")).containsExactly(
                LOST.subject() + " " + LOST.messageId() + " on a: expected once in \"INBOX\", found nowhere",
                LOST.subject() + " " + LOST.messageId() + " on b: expected once in \"INBOX\", found nowhere",
                DOUBLED.subject() + " " + DOUBLED.messageId() + " on a: expected once in \"INBOX\", found in [Archive, INBOX]",
                DOUBLED.subject() + " " + DOUBLED.messageId() + " on b: expected once in \"INBOX\", found in [Archive, INBOX]",
                ON_A.subject() + " " + ON_A.messageId() + " on b: expected once in \"INBOX\", found nowhere");
    }

    private static MailboxState mailbox(String name, SampleMessage... messages) {
        TreeMap<Long, MessageState> byUid = new TreeMap<>();
        long uid = 1;
        for (SampleMessage message : messages) {
            byUid.put(uid, new MessageState(uid, new TreeSet<>(), Instant.EPOCH, message.bytes().length,
                    message.sha256(), message.bodySha256(), message.messageId()));
            uid++;
        }
        return new MailboxState(name, 7, uid, byUid);
    }

    private static MailStore store(String source, MailboxState... mailboxes) {
        TreeMap<String, MailboxState> byName = new TreeMap<>();
        for (MailboxState mailbox : mailboxes) {
            byName.put(mailbox.name(), mailbox);
        }
        return new MailStore(source, "u@example.test", byName);
    }
}
