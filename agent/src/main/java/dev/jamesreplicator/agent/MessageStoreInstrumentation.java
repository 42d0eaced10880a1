package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import java.util.Date;
import java.util.List;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Tells WritePins which pinned message James is storing on this thread while
 * {@code MessageStorer.WithAttachment.appendMessageToStore} (the memory backend's) builds the
 * store: it calls the thread-id guess there, with the message's id but not its internal date,
 * which is the pin's token. See {@link ThreadGuessInstrumentation}.
 */
final class MessageStoreInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.MessageStorer$WithAttachment";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("appendMessageToStore(Mailbox, Date, ...)",
            named("appendMessageToStore").and(takesArgument(1, Date.class)), StoreAdvice.class));
    }

    static final class StoreAdvice {
        private StoreAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(1) Date internalDate) {
            WritePins.enterStore(internalDate);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            WritePins.exitStore();
        }
    }
}
