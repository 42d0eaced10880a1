package dev.jamesreplicator.agent;

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
        // The same method and advice as the memory mapper's.
        return new MailboxCreateInstrumentation().advice();
    }
}
