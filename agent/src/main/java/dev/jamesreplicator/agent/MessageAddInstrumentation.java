package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import dev.jamesreplicator.deletion.MailboxRetiredException;
import dev.jamesreplicator.deletion.MailboxRetirement;
import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Tells WritePins which pinned append, if any, is running on this thread: add asks the UID and
 * MODSEQ providers on its own thread, and the message's internal date is the pin's token.
 */
final class MessageAddInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.mail.AbstractMessageMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(add(AddAdvice.class));
    }

    /** {@code add(Mailbox, MailboxMessage)} of a message mapper, with this advice. */
    static MethodAdvice add(Class<?> advice) {
        return new MethodAdvice("add(Mailbox, MailboxMessage)",
            named("add")
                .and(takesArguments(2))
                .and(takesArgument(0, named("org.apache.james.mailbox.model.Mailbox")))
                .and(takesArgument(1, named("org.apache.james.mailbox.store.mail.model.MailboxMessage"))),
            advice);
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
        static void exit(@Advice.Argument(0) Mailbox mailbox) {
            WritePins.exitAdd();
            MailboxRetirement.exitAdd(mailbox.getMailboxId());
        }
    }
}
