package dev.jamesreplicator.sync;

/**
 * The kinds of per-mailbox items a session merges alike, after the mail: a key to a value in each
 * mailbox (by UIDVALIDITY), three-way against the last session's common state, removed only by
 * tombstone, a key both sides changed apart to the tie-break node's value (docs/metadata.md,
 * docs/acl.md). Each has its own store, journal and calls.
 */
public enum MailboxItems {
    /** IMAP METADATA mailbox annotations: a key to its value. */
    ANNOTATIONS("annotation", "metadata"),
    /** IMAP ACL (RFC 4314) entries: an entry key (identifier, name type, sign) to its rights. */
    ACL("ACL entry", "acl");

    private final String itemName;
    private final String label;

    MailboxItems(String itemName, String label) {
        this.itemName = itemName;
        this.label = label;
    }

    /** One item, in logs and errors: "annotation", "ACL entry". */
    public String itemName() {
        return itemName;
    }

    /** The kind in verify's lines: "metadata", "acl". */
    public String label() {
        return label;
    }
}
