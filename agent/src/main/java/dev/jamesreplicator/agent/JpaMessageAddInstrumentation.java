package dev.jamesreplicator.agent;

import java.util.List;

import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import dev.jamesreplicator.pin.MailboxRetiredException;
import dev.jamesreplicator.pin.MailboxRetirement;
import dev.jamesreplicator.pin.PinRefusedException;
import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * The JPA backend's message add: {@code JPAMessageMapper} does not extend
 * {@code AbstractMessageMapper}, so {@link MessageAddInstrumentation} never sees it. Its
 * {@code add(Mailbox, MailboxMessage)} asks {@code JPAUidProvider} and {@code JPAModSeqProvider}
 * for the message's UID and MODSEQ on its own thread (through {@code MessageUtils.enrichMessage}),
 * so the pin found by the message's internal date is this thread's while add runs, as on memory.
 *
 * <p>A refused pin leaves add as a {@code MailboxException} whose cause is the
 * {@link PinRefusedException}: James's JPA mapper rolls its transaction back on a
 * MailboxException only, and a transaction left open would break the session's next write.
 */
final class JpaMessageAddInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.jpa.mail.JPAMessageMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(MessageAddInstrumentation.add(AddAdvice.class));
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
}
