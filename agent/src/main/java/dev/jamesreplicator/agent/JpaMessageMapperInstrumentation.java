package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Iterator;
import java.util.List;

import org.apache.james.mailbox.jpa.JPAId;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper.FetchType;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import dev.jamesreplicator.deletion.MailboxRetiredException;
import dev.jamesreplicator.deletion.MailboxRetirement;
import dev.jamesreplicator.jpa.EagerMessageContent;
import dev.jamesreplicator.jpa.MessageRowDeletion;
import dev.jamesreplicator.pin.PinRefusedException;
import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Flux;

/**
 * The JPA backend's message mapper: its add, pinned, its expunge, made row by row, and its reads,
 * handing messages out with their content loaded.
 *
 * <p>The add:  {@code JPAMessageMapper} does not extend
 * {@code AbstractMessageMapper}, so {@link MessageAddInstrumentation} never sees it. Its
 * {@code add(Mailbox, MailboxMessage)} asks {@code JPAUidProvider} and {@code JPAModSeqProvider}
 * for the message's UID and MODSEQ on its own thread (through {@code MessageUtils.enrichMessage}),
 * so the pin found by the message's internal date is this thread's while add runs, as on memory.
 *
 * <p>A refused pin leaves add as a {@code MailboxException} whose cause is the
 * {@link PinRefusedException}: James's JPA mapper rolls its transaction back on a
 * MailboxException only, and a transaction left open would break the session's next write.
 *
 * <p>The expunge: {@code deleteMessages(MessageRange, JPAId)}, which every expunge, replicated or a
 * client's, reaches, is replaced by {@link MessageRowDeletion}: James's bulk delete deadlocks on
 * Derby with any append running meanwhile (a mailbox deletion: {@link JpaMailboxMapperInstrumentation}).
 *
 * <p>The reads: {@code findInMailbox} and {@code findInMailboxReactive}, which every read of messages
 * reaches, load what their {@code FetchType} asks for before a caller has the messages
 * ({@link EagerMessageContent}): an IMAP FETCH no longer hangs on a message expunged meanwhile.
 */
final class JpaMessageMapperInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.jpa.mail.JPAMessageMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(MessageAddInstrumentation.add(AddAdvice.class),
            new MethodAdvice("private deleteMessages(MessageRange, JPAId)",
                named("deleteMessages")
                    .and(takesArguments(2))
                    .and(takesArgument(0, named("org.apache.james.mailbox.model.MessageRange")))
                    .and(takesArgument(1, named("org.apache.james.mailbox.jpa.JPAId"))),
                DeleteAdvice.class),
            new MethodAdvice("public Iterator findInMailbox(Mailbox, MessageRange, FetchType, int)",
                named("findInMailbox").and(takesArguments(4)), FindAdvice.class),
            new MethodAdvice("public Flux findInMailboxReactive(Mailbox, MessageRange, FetchType, int)",
                named("findInMailboxReactive").and(takesArguments(4)), FindReactiveAdvice.class));
    }

    static final class AddAdvice {
        private AddAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Mailbox mailbox, @Advice.Argument(1) MailboxMessage message)
            throws MailboxRetiredException {
            MailboxRetirement.enterAdd(mailbox.getMailboxId());
            WritePins.enterAdd(message.getInternalDate());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) Mailbox mailbox, @Advice.Thrown(readOnly = false) Throwable thrown) {
            WritePins.exitAdd();
            MailboxRetirement.exitAdd(mailbox.getMailboxId());
            thrown = PinRefusedException.asMailboxException(thrown);
        }
    }

    static final class DeleteAdvice {
        private DeleteAdvice() {
        }

        /** Deletes row by row and skips James's bulk delete. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.This JPAMessageMapper mapper, @Advice.Argument(0) MessageRange range,
                             @Advice.Argument(1) JPAId mailboxId) {
            MessageRowDeletion.deleteEach(mapper, range, mailboxId);
            return true;
        }
    }

    static final class FindAdvice {
        private FindAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(2) FetchType type,
                         @Advice.Return(readOnly = false) Iterator<MailboxMessage> found) {
            found = EagerMessageContent.loaded(found, type);
        }
    }

    static final class FindReactiveAdvice {
        private FindReactiveAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(2) FetchType type, @Advice.Return(readOnly = false) Flux<MailboxMessage> found) {
            found = EagerMessageContent.loaded(found, type);
        }
    }
}
