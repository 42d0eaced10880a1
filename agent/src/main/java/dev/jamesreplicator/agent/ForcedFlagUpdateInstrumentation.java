package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Lets a pinned flag update raise a message's MODSEQ without changing its flags: James gives a
 * message the update's MODSEQ only when {@code UpdatedFlags.flagsChanged(old, new)} says its
 * flags changed, so during a forced update on this thread that answer is yes.
 */
final class ForcedFlagUpdateInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.model.UpdatedFlags";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("static boolean flagsChanged(Flags, Flags)",
            named("flagsChanged").and(isStatic()).and(takesArguments(2)),
            ForceAdvice.class));
    }

    static final class ForceAdvice {
        private ForceAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) boolean changed) {
            if (!changed && WritePins.isFlagUpdateForced()) {
                changed = true;
            }
        }
    }
}
