package dev.jamesreplicator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The two kinds of keyed tombstones share their code ({@link KeyedTombstones}), not their JSON:
 * each reads and writes exactly what the journal and the wire held before they shared it.
 */
class KeyedTombstonesTest {
    private static final MailboxItemTombstones MAILBOX_ITEMS = new MailboxItemTombstones(
        List.of(new MailboxItemTombstones.Removed(7, "/private/comment", "r1")),
        List.of(new MailboxItemTombstones.Written(7, "/shared/x", "v", "w1"),
            new MailboxItemTombstones.Written(8, "/shared/y", null, "w2")));
    private static final String MAILBOX_ITEMS_JSON = "{\"removed\":[{\"uidValidity\":7,\"key\":\"/private/comment\",\"id\":\"r1\"}],"
        + "\"written\":[{\"uidValidity\":7,\"key\":\"/shared/x\",\"value\":\"v\",\"id\":\"w1\"},"
        + "{\"uidValidity\":8,\"key\":\"/shared/y\",\"value\":null,\"id\":\"w2\"}]}";

    private static final ServerTombstones SERVER = new ServerTombstones(
        List.of(new ServerTombstones.Item("domain", "example.test", null, "r1")),
        List.of(new ServerTombstones.Item("rewrite", "a@example.test", "b@example.test", "w1"),
            new ServerTombstones.Item("domain", "x.test", null, "w2")));
    private static final String SERVER_JSON = "{\"removed\":[{\"kind\":\"domain\",\"key\":\"example.test\",\"value\":null,\"id\":\"r1\"}],"
        + "\"written\":[{\"kind\":\"rewrite\",\"key\":\"a@example.test\",\"value\":\"b@example.test\",\"id\":\"w1\"},"
        + "{\"kind\":\"domain\",\"key\":\"x.test\",\"value\":null,\"id\":\"w2\"}]}";

    @Test
    void mailboxItemTombstonesKeepTheirJson() {
        assertThat(Json.write(MAILBOX_ITEMS)).isEqualTo(MAILBOX_ITEMS_JSON);
        assertThat(Json.read(MAILBOX_ITEMS_JSON, MailboxItemTombstones.class)).isEqualTo(MAILBOX_ITEMS);
        assertThat(Json.write(MailboxItemTombstones.NONE)).isEqualTo("{\"removed\":[],\"written\":[]}");
        assertThat(Json.read("{}", MailboxItemTombstones.class)).isEqualTo(MailboxItemTombstones.NONE);
    }

    @Test
    void serverTombstonesKeepTheirJson() {
        assertThat(Json.write(SERVER)).isEqualTo(SERVER_JSON);
        assertThat(Json.read(SERVER_JSON, ServerTombstones.class)).isEqualTo(SERVER);
        assertThat(Json.write(ServerTombstones.NONE)).isEqualTo("{\"removed\":[],\"written\":[]}");
        assertThat(Json.read("{}", ServerTombstones.class)).isEqualTo(ServerTombstones.NONE);
    }

    @Test
    void anItemIsAKeyInItsScope() {
        assertThat(MAILBOX_ITEMS.removes(7L, "/private/comment")).isTrue();
        assertThat(MAILBOX_ITEMS.removes(8L, "/private/comment")).isFalse();
        assertThat(MAILBOX_ITEMS.lastWritten(7L, "/shared/x")).contains(Optional.of("v"));
        assertThat(MAILBOX_ITEMS.lastWritten(8L, "/shared/y")).contains(Optional.empty());
        assertThat(MAILBOX_ITEMS.lastWritten(8L, "/shared/x")).isEmpty();
        assertThat(SERVER.removes("domain", "example.test")).isTrue();
        assertThat(SERVER.removes("rewrite", "example.test")).isFalse();
        assertThat(SERVER.lastWritten("rewrite", "a@example.test")).contains(Optional.of("b@example.test"));
        assertThat(SERVER.lastWritten("domain", "x.test")).contains(Optional.empty());
    }

    @Test
    void theLastWriteOfAnItemCounts() {
        MailboxItemTombstones twice = new MailboxItemTombstones(List.of(), List.of(
            new MailboxItemTombstones.Written(7, "k", "first", "w1"), new MailboxItemTombstones.Written(7, "k", null, "w2")));
        assertThat(twice.lastWritten(7L, "k")).contains(Optional.empty());
    }

    @Test
    void tombstonesOfTwoKindsAreNeverEqual() {
        assertThat((Object) MailboxItemTombstones.NONE).isNotEqualTo(ServerTombstones.NONE);
        assertThat(MailboxItemTombstones.NONE.isEmpty()).isTrue();
        assertThat(SERVER.isEmpty()).isFalse();
    }
}
