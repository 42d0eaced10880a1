package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.invoke.MethodHandles;
import java.util.List;

import org.apache.james.mailbox.model.Mailbox;

import dev.jamesreplicator.jpa.StoredAcls;
import dev.jamesreplicator.pin.MailboxCounters;
import dev.jamesreplicator.pin.WritePins;
import net.bytebuddy.asm.Advice;

/**
 * Pins UID and MODSEQ on the JPA backend, where they are allocated: {@code JPAMailbox.consumeUid()}
 * and {@code consumeModSeq()}. {@code JPAUidProvider} and {@code JPAModSeqProvider} call them, and
 * nothing else does, from their private {@code nextUid(JPAId)}/{@code nextModSeq(JPAId)}, each in an
 * EntityManager and transaction of its own, on the caller's thread (so this thread's pin: the
 * add's, the flag update's, the UIDNEXT raise's). Every public overload of the providers, the
 * mappers' add, copy and flag updates, and the plugin's direct raises go through them.
 *
 * <p>When a pin applies, the advice takes the place of the method: it reads and writes the field
 * through the accessors OpenJPA's enhancer generated ({@code pcGetlastUid}/{@code pcSetlastUid}),
 * the very path the method's own {@code ++lastUid} takes, so the state manager sees the change
 * and the provider's commit writes it. Without a pin the method runs as James wrote it.
 *
 * <p>Also, as the one hook on this class: {@code toMailbox()}, through which every read of a
 * mailbox (by path, by id, by pattern, the listing) turns the row into James's {@code Mailbox},
 * always with an empty ACL; the ACL stored for it is put back ({@link StoredAcls}).
 */
final class JpaMailboxCountersInstrumentation implements JamesInstrumentation {

    @Override
    public String typeName() {
        return "org.apache.james.mailbox.jpa.mail.model.JPAMailbox";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("long consumeUid()", named("consumeUid").and(takesArguments(0)), UidAdvice.class),
            new MethodAdvice("long consumeModSeq()", named("consumeModSeq").and(takesArguments(0)), ModSeqAdvice.class),
            new MethodAdvice("Mailbox toMailbox()", named("toMailbox").and(takesArguments(0)), ToMailboxAdvice.class));
    }

    static final class ToMailboxAdvice {
        private ToMailboxAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Return Mailbox mailbox) {
            StoredAcls.restored(mailbox);
        }
    }

    @Override
    public List<MethodAdvice> requiredMethods() {
        return List.of(
            MethodAdvice.required("static long pcGetlastUid(JPAMailbox)", named("pcGetlastUid").and(takesArguments(1))),
            MethodAdvice.required("static void pcSetlastUid(JPAMailbox, long)", named("pcSetlastUid").and(takesArguments(2))),
            MethodAdvice.required("static long pcGethighestModSeq(JPAMailbox)",
                named("pcGethighestModSeq").and(takesArguments(1))),
            MethodAdvice.required("static void pcSethighestModSeq(JPAMailbox, long)",
                named("pcSethighestModSeq").and(takesArguments(2))));
    }

    static final class UidAdvice {
        private UidAdvice() {
        }

        // A PinRefusedException thrown here must reach James's caller: it is how a taken UID is reported.
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static long enter(@Advice.This Object mailbox) {
            // Inlined into JPAMailbox: this lookup is JPAMailbox's own, which may call its private accessors.
            long claimed = WritePins.claimUid(MailboxCounters.enhancedField(MethodHandles.lookup(), mailbox, "lastUid"));
            return claimed > 0 ? claimed : 0;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter long claimed, @Advice.Return(readOnly = false) long uid) {
            if (claimed > 0) {
                uid = claimed;
            }
        }
    }

    static final class ModSeqAdvice {
        private ModSeqAdvice() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static long enter(@Advice.This Object mailbox) {
            long claimed = WritePins.claimModSeq(
                MailboxCounters.enhancedField(MethodHandles.lookup(), mailbox, "highestModSeq"));
            return claimed > 0 ? claimed : 0;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter long claimed, @Advice.Return(readOnly = false) long modSeq) {
            if (claimed > 0) {
                modSeq = claimed;
            }
        }
    }
}
