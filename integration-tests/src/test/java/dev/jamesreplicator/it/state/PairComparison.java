package dev.jamesreplicator.it.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Compares one user's mail on two servers and lists every difference as a readable line:
 * mailboxes present on one side only, UIDVALIDITY and UIDNEXT, and per UID the bytes, flags and
 * internal date. No list means the two stores are the same in everything an IMAP or POP3 client
 * can tell apart.
 */
public final class PairComparison {

    private PairComparison() {
    }

    public static List<String> differences(MailStore left, MailStore right) {
        List<String> lines = new ArrayList<>();
        String l = left.source();
        String r = right.source();
        if (!left.user().equals(right.user())) {
            lines.add("user: " + l + "=" + left.user() + " " + r + "=" + right.user());
        }
        SortedSet<String> names = new TreeSet<>(left.mailboxes().keySet());
        names.addAll(right.mailboxes().keySet());
        for (String name : names) {
            Optional<MailboxState> a = left.mailbox(name);
            Optional<MailboxState> b = right.mailbox(name);
            if (a.isEmpty() || b.isEmpty()) {
                MailboxState present = a.orElseGet(b::orElseThrow);
                lines.add("mailbox " + quote(name) + ": only on " + (a.isPresent() ? l : r)
                        + " (UIDVALIDITY " + present.uidValidity() + ", UIDNEXT " + present.uidNext()
                        + ", " + present.messages().size() + " messages)");
                continue;
            }
            compareMailbox(a.get(), l, b.get(), r, lines);
        }
        return lines;
    }

    private static void compareMailbox(MailboxState a, String l, MailboxState b, String r, List<String> lines) {
        String where = "mailbox " + quote(a.name());
        if (a.uidValidity() != b.uidValidity()) {
            lines.add(where + ": UIDVALIDITY " + l + "=" + a.uidValidity() + " " + r + "=" + b.uidValidity());
        }
        if (a.uidNext() != b.uidNext()) {
            lines.add(where + ": UIDNEXT " + l + "=" + a.uidNext() + " " + r + "=" + b.uidNext());
        }
        SortedSet<Long> uids = new TreeSet<>(a.messages().keySet());
        uids.addAll(b.messages().keySet());
        for (long uid : uids) {
            Optional<MessageState> ma = a.message(uid);
            Optional<MessageState> mb = b.message(uid);
            String at = where + " uid " + uid;
            if (ma.isEmpty() || mb.isEmpty()) {
                MessageState present = ma.orElseGet(mb::orElseThrow);
                MailboxState other = ma.isPresent() ? b : a;
                String sameBytes = other.withSha256(present.sha256())
                        .map(m -> "; same bytes as " + (ma.isPresent() ? r : l) + " uid " + m.uid())
                        .orElse("");
                lines.add(at + ": only on " + (ma.isPresent() ? l : r) + " (" + present.describe() + sameBytes + ")");
                continue;
            }
            compareMessage(at, ma.get(), l, mb.get(), r, lines);
        }
    }

    private static void compareMessage(String at, MessageState a, String l, MessageState b, String r, List<String> lines) {
        if (!a.sha256().equals(b.sha256())) {
            lines.add(at + ": bytes differ: " + l + " " + a.describe() + "; " + r + " " + b.describe());
        }
        if (!a.flags().equals(b.flags())) {
            lines.add(at + ": flags " + l + "=" + a.flags() + " " + r + "=" + b.flags());
        }
        if (!a.internalDate().equals(b.internalDate())) {
            lines.add(at + ": internal date " + l + "=" + a.internalDate() + " " + r + "=" + b.internalDate());
        }
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }
}
