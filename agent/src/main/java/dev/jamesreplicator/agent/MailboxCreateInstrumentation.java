package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.UidValidity;

import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/** Pins UIDVALIDITY: StoreMailboxManager draws one at random and hands it to the mapper's create. */
final class MailboxCreateInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.inmemory.mail.InMemoryMailboxMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("create(MailboxPath, UidValidity)",
            named("create")
                .and(takesArguments(2))
                .and(takesArgument(0, named("org.apache.james.mailbox.model.MailboxPath")))
                .and(takesArgument(1, named("org.apache.james.mailbox.model.UidValidity"))),
            CreateAdvice.class));
    }

    static final class CreateAdvice {
        private CreateAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) MailboxPath path,
                          @Advice.Argument(value = 1, readOnly = false) UidValidity uidValidity) {
            // Shared mailboxes have no user; nobody pins those.
            long pinned = WritePins.claimUidValidity(path.getUser() == null ? "" : path.getUser().asString(), path.getName());
            if (pinned > 0) {
                uidValidity = UidValidity.of(pinned);
            }
        }
    }
}
