package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Marks the thread while a SELECT clears {@code \Recent} ({@code MessageMapper.resetRecent}, a
 * default method the memory backend does not override; the reactive variant calls it), so that
 * the clearing takes no MODSEQ: see {@link FlagsChangedInstrumentation}.
 */
final class RecentResetInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.mail.MessageMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("default List resetRecent(Mailbox)",
            named("resetRecent").and(takesArguments(1)), ResetAdvice.class));
    }

    static final class ResetAdvice {
        private ResetAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            WritePins.enterRecentReset();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            WritePins.exitRecentReset();
        }
    }
}
