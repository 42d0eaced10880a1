package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.model.Mailbox;

import dev.jamesreplicator.deletion.DeletionFence;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Mono;

/**
 * Counts mailbox deletions under way ({@link DeletionFence}): every delete, by path or by id,
 * reactive or not, goes through this private method of StoreMailboxManager.
 */
final class MailboxDeletionInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.StoreMailboxManager";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("Mono doDeleteMailbox(MailboxMapper, Mailbox, MailboxSession)",
            named("doDeleteMailbox").and(takesArguments(3))
                .and(takesArgument(1, named("org.apache.james.mailbox.model.Mailbox"))),
            FenceAdvice.class));
    }

    static final class FenceAdvice {
        private FenceAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) Mono<?> deletion, @Advice.Argument(1) Mailbox mailbox) {
            deletion = DeletionFence.around(deletion, mailbox.getUser().asString());
        }
    }
}
