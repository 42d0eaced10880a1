package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.mailbox.acl.ACLDiff;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.mail.JPAMailboxMapper;
import org.apache.james.mailbox.model.Mailbox;

import dev.jamesreplicator.jpa.MailboxNameGuard;
import dev.jamesreplicator.jpa.MessageRowDeletion;
import dev.jamesreplicator.jpa.StoredAcls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Mono;

/**
 * The JPA backend's mailbox mapper: its create, pinned, its delete, made row by row, and its
 * commit, refused when it would leave two mailboxes of one name ({@link MailboxNameGuard}).
 *
 * <p>The create: {@code JPAMailboxMapper.create(MailboxPath, UidValidity)} builds the
 * {@code JPAMailbox} row from its argument inside a lambda it runs on Reactor's boundedElastic;
 * the argument is replaced on entry, before the lambda captures it. The advice is the memory
 * backend's ({@link MailboxCreateInstrumentation.CreateAdvice}): the pin is keyed by the path,
 * which the mapper sees on any thread.
 *
 * <p>The delete: {@code delete(Mailbox)} removes the mailbox's messages with the same bulk JPQL
 * delete as James's expunge (a scan of every message row of the server under a lock on the whole
 * property and flag tables, held until the deletion's transaction ends), so one user deleting a
 * mailbox stalled every other user's reads and appends; its Mono is replaced by
 * {@link MessageRowDeletion#deleteMailbox}, which removes each message by its key, then the
 * mailbox.
 *
 * <p>The ACL changes: {@code setACL} and {@code updateACL} only change the {@code Mailbox} object
 * they are given; the new ACL is stored once they have ({@link StoredAcls}).
 */
final class JpaMailboxMapperInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.jpa.mail.JPAMailboxMapper";
    }

    @Override
    public List<MethodAdvice> advice() {
        // The create is the memory mapper's method and advice.
        List<MethodAdvice> advice = new ArrayList<>(new MailboxCreateInstrumentation().advice());
        advice.add(new MethodAdvice("delete(Mailbox)",
            named("delete")
                .and(takesArguments(1))
                .and(takesArgument(0, named("org.apache.james.mailbox.model.Mailbox"))),
            DeleteAdvice.class));
        advice.add(new MethodAdvice("protected void commit()",
            named("commit").and(takesArguments(0)), CommitAdvice.class));
        advice.add(new MethodAdvice("Mono setACL(Mailbox, MailboxACL) and updateACL(Mailbox, ACLCommand)",
            named("setACL").or(named("updateACL")).and(takesArguments(2)), AclAdvice.class));
        return advice;
    }

    /** The ACL James set on the mailbox object, stored once set. */
    static final class AclAdvice {
        private AclAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Mailbox mailbox,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Mono<ACLDiff> change) {
            change = StoredAcls.kept(change, mailbox);
        }
    }

    /** Two mailboxes of one name are refused before the commit ({@link MailboxNameGuard}). */
    static final class CommitAdvice {
        private CommitAdvice() {
        }

        @Advice.OnMethodEnter
        static boolean enter(@Advice.This JPAMailboxMapper mapper) throws MailboxException {
            return MailboxNameGuard.beforeCommit(mapper);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter boolean holdsNaming) {
            MailboxNameGuard.afterCommit(holdsNaming);
        }
    }

    static final class DeleteAdvice {
        private DeleteAdvice() {
        }

        /** Skips James's body; the exit gives the row-by-row deletion instead. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter() {
            return true;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This JPAMailboxMapper mapper, @Advice.Argument(0) Mailbox mailbox,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Mono<Void> deletion) {
            deletion = MessageRowDeletion.deleteMailbox(mapper, mailbox);
        }
    }
}
