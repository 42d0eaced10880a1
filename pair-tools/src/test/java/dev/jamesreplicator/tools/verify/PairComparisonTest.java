package dev.jamesreplicator.tools.verify;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class PairComparisonTest {
    private static final Instant DATE = Instant.parse("2024-03-05T10:15:30Z");

    @Test
    void equalStoresHaveNoDifferences() {
        MailStore a = store("a", mailbox("INBOX", 7, 3, message(1, "h1", "\\Seen"), message(2, "h2")));
        MailStore b = store("b", mailbox("INBOX", 7, 3, message(1, "h1", "\\Seen"), message(2, "h2")));

        assertThat(PairComparison.differences(a, b)).isEmpty();
    }

    @Test
    void listsEveryDifferenceByMailboxAndUid() {
        MailStore a = store("a",
                mailbox("INBOX", 7, 4, message(1, "h1", "\\Seen"), message(2, "h2"), message(3, "h3")),
                mailbox("Projects", 9, 1));
        MailStore b = store("b",
                mailbox("INBOX", 8, 5, message(1, "h1"), message(2, "other"), message(4, "h3")),
                mailbox("Projects.2026", 10, 1));

        assertThat(PairComparison.differences(a, b)).containsExactly(
                "mailbox \"INBOX\": UIDVALIDITY a=7 b=8",
                "mailbox \"INBOX\": UIDNEXT a=4 b=5",
                "mailbox \"INBOX\" uid 1: flags a=[\\Seen] b=[]",
                "mailbox \"INBOX\" uid 2: bytes differ: a sha256 h2, 10 bytes, internal date 2024-03-05T10:15:30Z; "
                        + "b sha256 other, 10 bytes, internal date 2024-03-05T10:15:30Z",
                "mailbox \"INBOX\" uid 3: only on a (sha256 h3, 10 bytes, internal date 2024-03-05T10:15:30Z; same bytes as b uid 4)",
                "mailbox \"INBOX\" uid 4: only on b (sha256 h3, 10 bytes, internal date 2024-03-05T10:15:30Z; same bytes as a uid 3)",
                "mailbox \"Projects\": only on a (UIDVALIDITY 9, UIDNEXT 1, 0 messages)",
                "mailbox \"Projects.2026\": only on b (UIDVALIDITY 10, UIDNEXT 1, 0 messages)");
    }

    @Test
    void internalDatesAreCompared() {
        MailStore a = store("a", mailbox("INBOX", 7, 2, message(1, "h1")));
        MessageState later = new MessageState(1, new TreeSet<>(), DATE.plusSeconds(3600), 10, "h1", "b-h1", null);
        MailStore b = store("b", mailbox("INBOX", 7, 2, later));

        assertThat(PairComparison.differences(a, b))
                .containsExactly("mailbox \"INBOX\" uid 1: internal date a=2024-03-05T10:15:30Z b=2024-03-05T11:15:30Z");
    }

    @Test
    void modSeqsAreComparedWhereBothServersGiveThem() {
        MailStore a = store("a", new MailboxState("INBOX", 7, 3, 12, uids(modSeq(message(1, "h1"), 10), modSeq(message(2, "h2"), 12))));
        MailStore b = store("b", new MailboxState("INBOX", 7, 3, 13, uids(modSeq(message(1, "h1"), 10), modSeq(message(2, "h2"), 13))));
        MailStore noCondstore = store("c", mailbox("INBOX", 7, 3, message(1, "h1"), message(2, "h2")));

        assertThat(PairComparison.differences(a, b)).containsExactly(
                "mailbox \"INBOX\": HIGHESTMODSEQ a=12 b=13",
                "mailbox \"INBOX\" uid 2: MODSEQ a=12 b=13");
        assertThat(PairComparison.differences(a, noCondstore)).isEmpty();
        assertThat(PairComparison.without(PairComparison.Aspect.MODSEQ).compare(a, b)).isEmpty();
    }

    @Test
    void subscriptionsAreCompared() {
        MailStore a = new MailStore("a", "u@example.test", new TreeMap<>(), new TreeSet<>(Set.of("INBOX", "Lists")));
        MailStore b = new MailStore("b", "u@example.test", new TreeMap<>(), new TreeSet<>(Set.of("INBOX", "Gone")));

        assertThat(PairComparison.differences(a, b)).containsExactly(
                "subscription \"Gone\": only on b",
                "subscription \"Lists\": only on a");
        assertThat(PairComparison.without(PairComparison.Aspect.SUBSCRIPTIONS).compare(a, b)).isEmpty();
    }

    @Test
    void aclsAreCompared() {
        MailStore a = new MailStore("a", "u@example.test", new TreeMap<>(), new TreeSet<>(),
                new TreeMap<>(Map.of("Shared", new TreeMap<>(Map.of("bob@example.test", "lr")), "INBOX", new TreeMap<>())));
        MailStore b = new MailStore("b", "u@example.test", new TreeMap<>(), new TreeSet<>(),
                new TreeMap<>(Map.of("Shared", new TreeMap<>(Map.of("bob@example.test", "lrw")))));

        assertThat(PairComparison.differences(a, b)).containsExactly(
                "ACL of \"Shared\": a={bob@example.test=lr} b={bob@example.test=lrw}");
        assertThat(PairComparison.without(PairComparison.Aspect.ACL).compare(a, b)).isEmpty();
        assertThat(PairComparison.differences(a, new MailStore("b", "u@example.test", new TreeMap<>(), new TreeSet<>(), a.acls())))
                .as("a mailbox without entries is no difference").isEmpty();
    }

    @Test
    void flagsAndDatesCanBeLeftOut() {
        MailStore a = store("a", mailbox("INBOX", 7, 2, message(1, "h1", "\\Seen")));
        MessageState later = new MessageState(1, new TreeSet<>(), DATE.plusSeconds(3600), 10, "h1", "b-h1", null);
        MailStore b = store("b", mailbox("INBOX", 7, 2, later));

        assertThat(PairComparison.without(PairComparison.Aspect.FLAGS, PairComparison.Aspect.INTERNAL_DATE).compare(a, b))
                .isEmpty();
    }

    private static MailStore store(String source, MailboxState... mailboxes) {
        Map<String, MailboxState> byName = new TreeMap<>();
        for (MailboxState mailbox : mailboxes) {
            byName.put(mailbox.name(), mailbox);
        }
        return new MailStore(source, "u@example.test", new TreeMap<>(byName));
    }

    private static MailboxState mailbox(String name, long uidValidity, long uidNext, MessageState... messages) {
        return new MailboxState(name, uidValidity, uidNext, uids(messages));
    }

    private static TreeMap<Long, MessageState> uids(MessageState... messages) {
        TreeMap<Long, MessageState> byUid = new TreeMap<>();
        for (MessageState message : messages) {
            byUid.put(message.uid(), message);
        }
        return byUid;
    }

    private static MessageState modSeq(MessageState m, long modSeq) {
        return new MessageState(m.uid(), m.flags(), m.internalDate(), m.size(), m.sha256(), m.bodySha256(), m.messageId(), modSeq);
    }

    private static MessageState message(long uid, String hash, String... flags) {
        return new MessageState(uid, new TreeSet<>(Set.of(flags)), DATE, 10, hash, "b-" + hash, null);
    }
}
