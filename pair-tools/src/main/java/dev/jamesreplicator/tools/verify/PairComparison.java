package dev.jamesreplicator.tools.verify;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares one user's mail on two servers and lists every difference as a readable line:
 * mailboxes present on one side only, UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, per UID the bytes,
 * flags, internal date and MODSEQ, the subscriptions and the mailboxes' ACLs. No list means the two stores are the
 * same in everything an IMAP or POP3 client can tell apart.
 *
 * <p>Mailbox names, UIDVALIDITY, UIDNEXT, UIDs and bytes are always compared; the other
 * {@link Aspect}s can be left out, for a replicator that does not carry them yet. A MODSEQ one
 * side did not give (no CONDSTORE) is not compared.
 */
public final class PairComparison {

    /** What can be left out of a comparison. */
    public enum Aspect { FLAGS, INTERNAL_DATE, MODSEQ, SUBSCRIPTIONS, ACL }

    private final Set<Aspect> aspects;

    private PairComparison(Set<Aspect> aspects) {
        this.aspects = EnumSet.noneOf(Aspect.class);
        this.aspects.addAll(aspects);
    }

    /** Everything: what {@code bin/james-pair verify} checks. */
    public static PairComparison everything() {
        return new PairComparison(EnumSet.allOf(Aspect.class));
    }

    /** Everything but the given aspects: for a replicator that does not carry them yet. */
    public static PairComparison without(Aspect first, Aspect... rest) {
        return new PairComparison(EnumSet.complementOf(EnumSet.of(first, rest)));
    }

    /** The differences in everything. */
    public static List<String> differences(MailStore left, MailStore right) {
        return everything().compare(left, right);
    }

    public List<String> compare(MailStore left, MailStore right) {
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
        if (aspects.contains(Aspect.SUBSCRIPTIONS)) {
            compareSubscriptions(left, right, lines);
        }
        if (aspects.contains(Aspect.ACL)) {
            compareAcls(left, right, lines);
        }
        return lines;
    }

    private void compareMailbox(MailboxState a, String l, MailboxState b, String r, List<String> lines) {
        String where = "mailbox " + quote(a.name());
        if (a.uidValidity() != b.uidValidity()) {
            lines.add(where + ": UIDVALIDITY " + l + "=" + a.uidValidity() + " " + r + "=" + b.uidValidity());
        }
        if (a.uidNext() != b.uidNext()) {
            lines.add(where + ": UIDNEXT " + l + "=" + a.uidNext() + " " + r + "=" + b.uidNext());
        }
        if (aspects.contains(Aspect.MODSEQ) && differ(a.highestModSeq(), b.highestModSeq())) {
            lines.add(where + ": HIGHESTMODSEQ " + l + "=" + a.highestModSeq() + " " + r + "=" + b.highestModSeq());
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

    private void compareMessage(String at, MessageState a, String l, MessageState b, String r, List<String> lines) {
        if (!a.sha256().equals(b.sha256())) {
            lines.add(at + ": bytes differ: " + l + " " + a.describe() + "; " + r + " " + b.describe());
        }
        if (aspects.contains(Aspect.FLAGS) && !a.flags().equals(b.flags())) {
            lines.add(at + ": flags " + l + "=" + a.flags() + " " + r + "=" + b.flags());
        }
        if (aspects.contains(Aspect.INTERNAL_DATE) && !a.internalDate().equals(b.internalDate())) {
            lines.add(at + ": internal date " + l + "=" + a.internalDate() + " " + r + "=" + b.internalDate());
        }
        if (aspects.contains(Aspect.MODSEQ) && differ(a.modSeq(), b.modSeq())) {
            lines.add(at + ": MODSEQ " + l + "=" + a.modSeq() + " " + r + "=" + b.modSeq());
        }
    }

    private static void compareSubscriptions(MailStore left, MailStore right, List<String> lines) {
        SortedSet<String> names = new TreeSet<>(left.subscriptions());
        names.addAll(right.subscriptions());
        for (String name : names) {
            boolean onLeft = left.subscriptions().contains(name);
            if (onLeft != right.subscriptions().contains(name)) {
                lines.add("subscription " + quote(name) + ": only on " + (onLeft ? left.source() : right.source()));
            }
        }
    }

    private static void compareAcls(MailStore left, MailStore right, List<String> lines) {
        SortedSet<String> names = new TreeSet<>(left.acls().keySet());
        names.addAll(right.acls().keySet());
        for (String name : names) {
            Map<String, String> a = left.acls().getOrDefault(name, new TreeMap<>());
            Map<String, String> b = right.acls().getOrDefault(name, new TreeMap<>());
            if (!a.equals(b)) {
                lines.add("ACL of " + quote(name) + ": " + left.source() + "=" + a + " " + right.source() + "=" + b);
            }
        }
    }

    private static boolean differ(long modSeqA, long modSeqB) {
        return modSeqA != MessageState.UNKNOWN_MODSEQ && modSeqB != MessageState.UNKNOWN_MODSEQ && modSeqA != modSeqB;
    }

    private static String quote(String name) {
        return "\"" + name + "\"";
    }
}
