package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Mono;

/**
 * A replicated message that began a thread of its own on its server begins one here too,
 * without the search James would run: the memory app's {@code SearchThreadIdGuessingAlgorithm}
 * reads the headers of every message of the user on each append, which made replicated appends
 * cost as much as the client's own (O(n) per message). A message that joined a thread over there
 * is still guessed here, as James would.
 */
final class ThreadGuessInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.mail.SearchThreadIdGuessingAlgorithm";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("Mono<ThreadId> guessThreadIdReactive(MessageId, ...)",
            named("guessThreadIdReactive").and(takesArguments(6)), GuessAdvice.class));
    }

    static final class GuessAdvice {
        private GuessAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() {
            return WritePins.startsOwnThread();
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean ownThread, @Advice.Argument(0) MessageId messageId,
                         @Advice.Return(readOnly = false) Mono<ThreadId> thread) {
            if (ownThread) {
                thread = Mono.just(ThreadId.fromBaseMessageId(messageId));
            }
        }
    }
}
