package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;
import java.util.concurrent.ConcurrentMap;

import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Pins the MODSEQ of a pinned add. Both public overloads are hooked: in 3.8.1 each calls the
 * private nextModSeq(InMemoryId), neither calls the other.
 */
final class ModSeqProviderInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.inmemory.mail.InMemoryModSeqProvider";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("nextModSeq(Mailbox)", nextModSeq("org.apache.james.mailbox.model.Mailbox"),
                ForMailboxAdvice.class),
            new MethodAdvice("nextModSeq(MailboxId)", nextModSeq("org.apache.james.mailbox.model.MailboxId"),
                ForMailboxIdAdvice.class));
    }

    private static ElementMatcher.Junction<MethodDescription> nextModSeq(String argumentType) {
        return named("nextModSeq").and(isPublic()).and(takesArguments(1)).and(takesArgument(0, named(argumentType)));
    }

    static final class ForMailboxAdvice {
        private ForMailboxAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static ModSeq enter(@Advice.FieldValue("map") ConcurrentMap<?, ?> highestModSeqs,
                            @Advice.Argument(0) Mailbox mailbox) {
            long pinned = WritePins.claimModSeq(highestModSeqs, mailbox.getMailboxId());
            return pinned >= 0 ? ModSeq.of(pinned) : null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter ModSeq pinned, @Advice.Return(readOnly = false) ModSeq modSeq) {
            if (pinned != null) {
                modSeq = pinned;
            }
        }
    }

    static final class ForMailboxIdAdvice {
        private ForMailboxIdAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static ModSeq enter(@Advice.FieldValue("map") ConcurrentMap<?, ?> highestModSeqs,
                            @Advice.Argument(0) MailboxId mailboxId) {
            long pinned = WritePins.claimModSeq(highestModSeqs, mailboxId);
            return pinned >= 0 ? ModSeq.of(pinned) : null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter ModSeq pinned, @Advice.Return(readOnly = false) ModSeq modSeq) {
            if (pinned != null) {
                modSeq = pinned;
            }
        }
    }
}
