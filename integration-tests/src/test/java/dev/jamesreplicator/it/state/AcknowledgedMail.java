package dev.jamesreplicator.it.state;

import dev.jamesreplicator.tools.verify.ContentHash;
import dev.jamesreplicator.tools.verify.MailStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The messages a server said OK to during a test. Whatever else happens, each must be in its
 * mailbox on both servers (DESIGN.md, "Nothing lost").
 */
public final class AcknowledgedMail {

    private enum Match { EXACT_BYTES, SAME_BODY }

    private record Entry(String description, String mailbox, Match match, String hash) {
    }

    private final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

    /** A message stored as sent (IMAP APPEND): found by the SHA-256 of all its bytes. */
    public void storedAsIs(String description, String mailbox, String sha256) {
        entries.add(new Entry(description, mailbox, Match.EXACT_BYTES, sha256));
    }

    /** A message delivered by SMTP or LMTP, which gains trace headers: found by its body's SHA-256. */
    public void delivered(String description, String mailbox, String bodySha256) {
        entries.add(new Entry(description, mailbox, Match.SAME_BODY, bodySha256));
    }

    public int size() {
        return entries.size();
    }

    /** One line per acknowledged message that {@code store} lacks. */
    public List<String> missingFrom(MailStore store) {
        List<String> missing = new ArrayList<>();
        synchronized (entries) {
            for (Entry entry : entries) {
                boolean present = store.mailbox(entry.mailbox())
                        .flatMap(m -> entry.match() == Match.EXACT_BYTES ? m.withSha256(entry.hash()) : m.withBodySha256(entry.hash()))
                        .isPresent();
                if (!present) {
                    missing.add(entry.description() + " is not in \"" + entry.mailbox() + "\" on " + store.source()
                            + " (" + (entry.match() == Match.EXACT_BYTES ? "sha256 " : "body sha256 ")
                            + ContentHash.abbreviate(entry.hash()) + ")");
                }
            }
        }
        return missing;
    }
}
