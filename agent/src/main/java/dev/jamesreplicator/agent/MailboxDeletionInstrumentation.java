package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.MailboxSession;

import dev.jamesreplicator.deletion.DeletionFence;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;

/**
 * Counts mailbox deletions under way ({@link DeletionFence}): the four public deletions of
 * StoreMailboxManager, by path or by id, reactive or not, from their call to the end of James's
 * transaction. Not its private {@code doDeleteMailbox}, which all four run: it returns before that
 * transaction commits, and on JPA the rows go only at the commit.
 */
final class MailboxDeletionInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.StoreMailboxManager";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("deleteMailbox(MailboxPath|MailboxId, MailboxSession)",
                named("deleteMailbox").and(takesArguments(2)).and(takesArgument(1, named(SESSION))),
                BlockingDeletionAdvice.class),
            new MethodAdvice("Mono deleteMailboxReactive(MailboxPath|MailboxId, MailboxSession)",
                named("deleteMailboxReactive").and(takesArguments(2)).and(takesArgument(1, named(SESSION))),
                ReactiveDeletionAdvice.class));
    }

    private static final String SESSION = "org.apache.james.mailbox.MailboxSession";

    /** The blocking deletions: James's transaction commits before they return. */
    static final class BlockingDeletionAdvice {
        private BlockingDeletionAdvice() {
        }

        @Advice.OnMethodEnter
        static DeletionFence.Deletion enter(@Advice.Argument(1) MailboxSession session) {
            return DeletionFence.begin(session.getUser().asString());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter DeletionFence.Deletion deletion) {
            deletion.end();
        }
    }

    /** The reactive deletions: James's transaction commits before their Mono completes. */
    static final class ReactiveDeletionAdvice {
        private ReactiveDeletionAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Mono<?> deletion,
                         @Advice.Argument(1) MailboxSession session) {
            deletion = DeletionFence.around(deletion, session.getUser().asString());
        }
    }
}
