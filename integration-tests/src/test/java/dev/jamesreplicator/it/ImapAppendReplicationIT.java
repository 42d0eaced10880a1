package dev.jamesreplicator.it;

import dev.jamesreplicator.it.client.ImapSession;
import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.it.pair.Convergence;
import dev.jamesreplicator.it.pair.JamesPair;
import dev.jamesreplicator.it.pair.JamesPairExtension;
import dev.jamesreplicator.it.pair.Node;
import dev.jamesreplicator.it.pair.TestUser;
import dev.jamesreplicator.it.state.AcknowledgedMail;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;
import jakarta.mail.Flags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(JamesPairExtension.class)
class ImapAppendReplicationIT {
    private static final Instant FIRST_DATE = Instant.parse("2024-03-05T10:15:30Z");
    private static final Instant SECOND_DATE = Instant.parse("2021-12-31T22:59:59Z");

    @Test
    void messagesAppendedOnAReachBWithSameUidUidValidityFlagsInternalDateAndBytes(JamesPair pair) throws Exception {
        TestUser user = pair.newUser("append");
        AcknowledgedMail acknowledged = new AcknowledgedMail();
        SampleMessage first = SampleMessage.create("append one", "alice@example.org", user.address());
        SampleMessage second = SampleMessage.create("append two", "bob@example.org", user.address());
        Flags firstFlags = new Flags();
        firstFlags.add(Flags.Flag.SEEN);
        firstFlags.add(Flags.Flag.FLAGGED);
        Flags secondFlags = new Flags();
        secondFlags.add(Flags.Flag.ANSWERED);
        secondFlags.add("$Label1");

        long firstUid;
        long secondUid;
        long uidValidity;
        try (ImapSession a = pair.imap(Node.A, user)) {
            firstUid = a.append("INBOX", first.bytes(), firstFlags, FIRST_DATE);
            acknowledged.storedAsIs("APPEND on a of " + first.messageId(), "INBOX", first.sha256());
            secondUid = a.append("INBOX", second.bytes(), secondFlags, SECOND_DATE);
            acknowledged.storedAsIs("APPEND on a of " + second.messageId(), "INBOX", second.sha256());
            uidValidity = a.status("INBOX").uidValidity();
        }

        Convergence.Converged converged = Convergence.await(pair, user, acknowledged);

        MailboxState inboxOnB = converged.b().mailbox("INBOX").orElseThrow();
        assertThat(inboxOnB.uidValidity()).as("INBOX UIDVALIDITY on b").isEqualTo(uidValidity);
        MessageState firstOnB = inboxOnB.message(firstUid).orElseThrow();
        assertThat(firstOnB.sha256()).isEqualTo(first.sha256());
        assertThat(firstOnB.flags()).containsExactly("\\Flagged", "\\Seen");
        assertThat(firstOnB.internalDate()).isEqualTo(FIRST_DATE);
        MessageState secondOnB = inboxOnB.message(secondUid).orElseThrow();
        assertThat(secondOnB.sha256()).isEqualTo(second.sha256());
        assertThat(secondOnB.flags()).containsExactly("$Label1", "\\Answered");
        assertThat(secondOnB.internalDate()).isEqualTo(SECOND_DATE);
    }
}
