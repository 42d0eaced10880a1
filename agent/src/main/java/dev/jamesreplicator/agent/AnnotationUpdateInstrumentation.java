package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.model.MailboxAnnotation;
import org.apache.james.mailbox.model.MailboxPath;

import dev.jamesreplicator.annotation.AnnotationChange;
import dev.jamesreplicator.annotation.AnnotationWrites;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Mono;

/**
 * Reports every change of mailbox annotations ({@link AnnotationWrites}): James raises no event
 * for them. Its one annotation manager serves both backends; its blocking {@code updateAnnotations}
 * calls the reactive one, so the hook is on that alone. James's own removal of a deleted
 * mailbox's annotations goes to the mapper, not here: the mailbox's tombstone carries it.
 */
final class AnnotationUpdateInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.StoreMailboxAnnotationManager";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("Mono updateAnnotationsReactive(MailboxPath, MailboxSession, List)",
            named("updateAnnotationsReactive").and(takesArguments(3)), UpdateAdvice.class));
    }

    static final class UpdateAdvice {
        private UpdateAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) Mono<Void> update, @Advice.Argument(0) MailboxPath path,
                         @Advice.Argument(2) List<MailboxAnnotation> annotations) {
            if (path.getUser() != null) {
                update = AnnotationWrites.reported(update, AnnotationChange.of(path.getUser().asString(), path.getName(), annotations));
            }
        }
    }
}
