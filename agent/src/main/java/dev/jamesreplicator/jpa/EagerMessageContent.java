package dev.jamesreplicator.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.persistence.EntityNotFoundException;

import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import reactor.core.publisher.Flux;

/**
 * The content of the messages James 3.8.1's JPA message mapper finds, loaded as the mapper hands
 * them out rather than when a caller first reads it. {@code JPAMailboxMessage} maps its header
 * and body as lazy fields, and IMAP reads them only while it writes a FETCH response, after the
 * query: a message another session expunged in between failed there with OpenJPA's
 * {@link EntityNotFoundException}, the response half written, and the client waited for an answer
 * until its read timed out. Loaded here, a message either comes with its content or, when its row
 * went before the load, is left out as if it had been expunged before the query. The caller would
 * have read the content anyway: only reads that ask for it ({@link FetchType#HEADERS},
 * {@link FetchType#FULL}) load it, and the mapper's result list holds the messages until they are
 * read either way.
 */
public final class EagerMessageContent {
    private EagerMessageContent() {
    }

    /** The messages whose rows are still there, with what {@code type} asks for loaded. */
    public static Iterator<MailboxMessage> loaded(Iterator<MailboxMessage> found, FetchType type) {
        if (!readsContent(type)) {
            return found;
        }
        List<MailboxMessage> loaded = new ArrayList<>();
        found.forEachRemaining(message -> {
            if (load(message, type)) {
                loaded.add(message);
            }
        });
        return loaded.iterator();
    }

    /** As {@link #loaded(Iterator, FetchType)}, each message as it is emitted. */
    public static Flux<MailboxMessage> loaded(Flux<MailboxMessage> found, FetchType type) {
        if (!readsContent(type)) {
            return found;
        }
        return found.filter(message -> load(message, type));
    }

    private static boolean readsContent(FetchType type) {
        return type == FetchType.HEADERS || type == FetchType.FULL;
    }

    /** Reads the lazy fields once, which loads them; false if the message's row is gone. */
    private static boolean load(MailboxMessage message, FetchType type) {
        try {
            touch(message.getHeaderContent());
            if (type == FetchType.FULL) {
                touch(message.getBodyContent());
            }
            return true;
        } catch (EntityNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(InputStream content) throws IOException {
        content.close();
    }
}
