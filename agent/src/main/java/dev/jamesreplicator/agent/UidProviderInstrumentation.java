package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;
import java.util.concurrent.ConcurrentMap;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Pins the UID of a pinned add. Only nextUid(MailboxId) is hooked: in 3.8.1 nextUid(Mailbox)
 * delegates to it, so hooking both would claim twice.
 */
final class UidProviderInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.inmemory.mail.InMemoryUidProvider";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("nextUid(MailboxId)",
            named("nextUid")
                .and(takesArguments(1))
                .and(takesArgument(0, named("org.apache.james.mailbox.model.MailboxId"))),
            NextUidAdvice.class));
    }

    static final class NextUidAdvice {
        private NextUidAdvice() {
        }

        // A PinRefusedException thrown here must reach James's caller: it is how a taken UID is reported.
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static MessageUid enter(@Advice.FieldValue("map") ConcurrentMap<?, ?> lastUids,
                                @Advice.Argument(0) MailboxId mailboxId) {
            long pinned = WritePins.claimUid(lastUids, mailboxId);
            return pinned >= 0 ? MessageUid.of(pinned) : null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter MessageUid pinned, @Advice.Return(readOnly = false) MessageUid uid) {
            if (pinned != null) {
                uid = pinned;
            }
        }
    }
}
