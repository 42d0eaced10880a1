package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.model.MailboxPath;

import dev.jamesreplicator.annotation.AnnotationWrites;
import net.bytebuddy.asm.Advice;
import reactor.core.publisher.Mono;

/**
 * Runs every ACL command (IMAP SETACL and DELETEACL, on both backends, through the mailbox
 * manager's {@code applyRightsCommandReactive}) under its owner's lock ({@link AnnotationWrites#guarded}):
 * James's {@code MailboxACLUpdated} event, which the plugin records, is dispatched within it, so a
 * session never reads an entry gone before its tombstone is written. Capture is the event's; this
 * hook only orders it against a session's read.
 */
final class RightsUpdateInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.store.StoreRightManager";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("Mono applyRightsCommandReactive(MailboxPath, ACLCommand, MailboxSession)",
            named("applyRightsCommandReactive").and(takesArguments(3))
                .and(takesArgument(0, named("org.apache.james.mailbox.model.MailboxPath"))),
            CommandAdvice.class));
    }

    static final class CommandAdvice {
        private CommandAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) Mono<Void> update, @Advice.Argument(0) MailboxPath path) {
            if (path.getUser() != null) {
                update = AnnotationWrites.guarded(update, path.getUser().asString());
            }
        }
    }
}
