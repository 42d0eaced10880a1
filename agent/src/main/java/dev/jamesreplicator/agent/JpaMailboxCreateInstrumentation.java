package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

/**
 * Pins UIDVALIDITY on the JPA backend: {@code JPAMailboxMapper.create(MailboxPath, UidValidity)}
 * builds the {@code JPAMailbox} row from its argument inside a lambda it runs on Reactor's
 * boundedElastic; the argument is replaced on entry, before the lambda captures it. The advice
 * is the memory backend's ({@link MailboxCreateInstrumentation.CreateAdvice}): the pin is keyed
 * by the path, which the mapper sees on any thread.
 */
final class JpaMailboxCreateInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.jpa.mail.JPAMailboxMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(new MethodAdvice("create(MailboxPath, UidValidity)",
            named("create")
                .and(takesArguments(2))
                .and(takesArgument(0, named("org.apache.james.mailbox.model.MailboxPath")))
                .and(takesArgument(1, named("org.apache.james.mailbox.model.UidValidity"))),
            MailboxCreateInstrumentation.CreateAdvice.class));
    }
}
