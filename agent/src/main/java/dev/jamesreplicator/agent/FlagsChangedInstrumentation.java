package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Where James decides whether a flag update changed a message, and so gives it the update's
 * MODSEQ ({@code UpdatedFlags.flagsChanged(old, new)}):
 * <ul>
 *   <li>during a forced update on this thread, yes: that raises a message's MODSEQ without
 *   changing its flags;</li>
 *   <li>while a SELECT clears {@code \Recent}, no: the memory backend has already cleared it on the
 *   stored message, and a session-bound flag is no change of the message's state (as in Dovecot,
 *   where {@code \Recent} is not a stored flag). Without this, every SELECT moved one server's
 *   MODSEQs apart from its twin's.</li>
 * </ul>
 */
final class FlagsChangedInstrumentation implements JamesInstrumentation {

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
            } else if (changed && WritePins.isResettingRecent()) {
                changed = false;
            }
        }
    }
}
