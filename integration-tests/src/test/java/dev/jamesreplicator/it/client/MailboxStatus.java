package dev.jamesreplicator.it.client;

/** What IMAP STATUS says of a mailbox. */
public record MailboxStatus(String name, long uidValidity, long uidNext, int messages) {
}
