package dev.jamesreplicator.it.client;

import java.time.Instant;

import dev.jamesreplicator.it.state.AcknowledgedMail;
import jakarta.mail.Flags;

/** APPENDs a fresh sample message and records it as acknowledged, the way most tests write mail. */
public final class AcknowledgedAppend {
    private AcknowledgedAppend() {
    }

    /** @param acknowledged where to record the OK, or null for mail the test expects a user to remove */
    public static AppendedMessage append(ImapSession session, String mailbox, String label, String from, String to,
                                         Instant internalDate, AcknowledgedMail acknowledged) throws Exception {
        SampleMessage message = SampleMessage.create(label, from, to);
        long uid = session.append(mailbox, message.bytes(), new Flags(), internalDate);
        if (acknowledged != null) {
            acknowledged.storedAsIs("APPEND of " + label, mailbox, message.sha256());
        }
        return new AppendedMessage(uid, message);
    }

    public record AppendedMessage(long uid, SampleMessage message) {
    }
}
