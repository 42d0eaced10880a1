package dev.jamesreplicator.it.state;

import dev.jamesreplicator.it.client.SampleMessage;
import dev.jamesreplicator.tools.verify.MailStore;
import dev.jamesreplicator.tools.verify.MailboxState;
import dev.jamesreplicator.tools.verify.MessageState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where each of a test's messages is on the two servers, found by content (the SHA-256 of its
 * bytes) in every mailbox: a loss, a duplicate or a stray copy as a client would see it, whatever
 * UIDs replication gave them.
 */
public final class MessageCopies {

    /** The mailbox of every copy of one message on each server, one entry per copy. */
    private record Copies(SampleMessage message, List<String> onA, List<String> onB) {
    }

    private final List<Copies> copies;
    private final String a;
    private final String b;

    private MessageCopies(List<Copies> copies, String a, String b) {
        this.copies = copies;
        this.a = a;
        this.b = b;
    }

    public static MessageCopies count(List<SampleMessage> messages, MailStore a, MailStore b) {
        List<Copies> copies = new ArrayList<>();
        for (SampleMessage message : messages) {
            copies.add(new Copies(message, mailboxesHolding(a, message), mailboxesHolding(b, message)));
        }
        return new MessageCopies(copies, a.source(), b.source());
    }

    private static List<String> mailboxesHolding(MailStore store, SampleMessage message) {
        List<String> mailboxes = new ArrayList<>();
        for (Map.Entry<String, MailboxState> mailbox : store.mailboxes().entrySet()) {
            for (MessageState held : mailbox.getValue().messages().values()) {
                if (held.sha256().equals(message.sha256())) {
                    mailboxes.add(mailbox.getKey());
                }
            }
        }
        return mailboxes;
    }

    /** Messages on neither server, in no mailbox. */
    public int lost() {
        return (int) copies.stream().filter(c -> c.onA().isEmpty() && c.onB().isEmpty()).count();
    }

    /** Messages held on one server only. */
    public int oneSided() {
        return (int) copies.stream().filter(c -> c.onA().isEmpty() != c.onB().isEmpty()).count();
    }

    /** Messages of which a server holds more than one copy (in one mailbox or in several). */
    public int doubled() {
        return (int) copies.stream().filter(c -> c.onA().size() > 1 || c.onB().size() > 1).count();
    }

    /** One line per message and server where the message is not exactly once, in {@code mailbox} and nowhere else. */
    public List<String> notExactlyOnceIn(String mailbox) {
        List<String> problems = new ArrayList<>();
        for (Copies c : copies) {
            check(c.message(), a, c.onA(), mailbox, problems);
            check(c.message(), b, c.onB(), mailbox, problems);
        }
        return problems;
    }

    private static void check(SampleMessage message, String server, List<String> held, String mailbox, List<String> problems) {
        if (!held.equals(List.of(mailbox))) {
            problems.add(message.subject() + " " + message.messageId() + " on " + server + ": expected once in \""
                    + mailbox + "\", found " + (held.isEmpty() ? "nowhere" : "in " + held));
        }
    }

    /** For logs and {@code bin/move-race}: {@code lost=L doubled=D one-sided=S of N}. */
    public String summary() {
        return "lost=" + lost() + " doubled=" + doubled() + " one-sided=" + oneSided() + " of " + copies.size();
    }
}
