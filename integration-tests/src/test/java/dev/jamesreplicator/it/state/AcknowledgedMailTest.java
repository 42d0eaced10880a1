package dev.jamesreplicator.it.state;

import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class AcknowledgedMailTest {

    @Test
    void acknowledgedMailIsLookedUpByBytesOrByBody() {
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        acknowledged.storedAsIs("appended", "INBOX", "h1");
        acknowledged.delivered("delivered", "INBOX", "b-h9");
        MessageState message = new MessageState(1, new TreeSet<>(), Instant.parse("2024-03-05T10:15:30Z"), 10, "h1", "b-h1", null);
        TreeMap<Long, MessageState> byUid = new TreeMap<>();
        byUid.put(1L, message);
        TreeMap<String, MailboxState> mailboxes = new TreeMap<>();
        mailboxes.put("INBOX", new MailboxState("INBOX", 7, 2, byUid));
        MailStore store = new MailStore("b", "u@example.test", mailboxes);

        assertThat(acknowledged.missingFrom(store))
                .containsExactly("delivered is not in \"INBOX\" on b (body sha256 b-h9)");
    }
}
