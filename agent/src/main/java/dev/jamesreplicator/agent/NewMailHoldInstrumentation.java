package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import java.util.List;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.Mailbox;

import dev.jamesreplicator.hold.NewMailHolds;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Mono;

/**
 * Lets the plugin hold an append's answer until the twin has the message (synchronous
 * replication). Every append of new mail, IMAP APPEND, LMTP and the mailet container's local
 * delivery alike, goes through this one private method of StoreMessageManager; it returns a Mono
 * whose result comes after the mailbox lock is released, so the hold is added to that Mono.
 */
final class NewMailHoldInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.StoreMessageManager";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("Mono createAndDispatchMessage(Date, MailboxSession, ...)",
            named("createAndDispatchMessage").and(returns(named("reactor.core.publisher.Mono"))),
            HoldAdvice.class));
    }

    static final class HoldAdvice {
        private HoldAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) Mono<?> append,
                         @Advice.Argument(1) MailboxSession session,
                         @Advice.FieldValue("mailbox") Mailbox mailbox) {
            append = NewMailHolds.holdAfter(append, mailbox.getUser().asString(), session.getSessionId().getValue());
        }
    }
}
