package dev.jamesreplicator.pin;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/** The {@link MailboxCounter}s of the backends the agent hooks. */
public final class MailboxCounters {
    private static final Map<String, Accessors> ACCESSORS = new ConcurrentHashMap<>();

    private MailboxCounters() {
    }

    /**
     * A counter in a map from mailbox id to {@link AtomicLong}, as James's in-memory UID and
     * MODSEQ providers keep them. Reading a mailbox that has none creates nothing.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public static MailboxCounter inMap(ConcurrentMap counters, Object mailboxId) {
        return new MailboxCounter() {
            @Override
            public long get() {
                AtomicLong value = (AtomicLong) counters.get(mailboxId);
                return value == null ? 0 : value.get();
            }

            @Override
            public long updateAndGet(LongUnaryOperator update) {
                return ((AtomicLong) counters.computeIfAbsent(mailboxId, any -> new AtomicLong(0))).updateAndGet(update);
            }
        };
    }

    /**
     * A {@code long} field of an OpenJPA-enhanced entity, read and written through the accessors the
     * enhancer generates ({@code pcGet<field>} and {@code pcSet<field>}), so that OpenJPA's state
     * manager sees the change and writes it at commit, as it does when the entity's own code
     * changes the field. Those accessors are private: {@code lookup} must be the entity class's own
     * ({@code MethodHandles.lookup()} in advice inlined into it). The counter is as atomic as the
     * entity's transaction: it is for the thread that holds the entity.
     *
     * @throws IllegalStateException on first use, if the class has no such accessors (not enhanced)
     */
    public static MailboxCounter enhancedField(MethodHandles.Lookup lookup, Object entity, String field) {
        return new MailboxCounter() {
            private Accessors accessors() {
                Class<?> type = lookup.lookupClass();
                return ACCESSORS.computeIfAbsent(type.getName() + '#' + field, key -> Accessors.find(lookup, field));
            }

            @Override
            public long get() {
                return accessors().get(entity);
            }

            @Override
            public long updateAndGet(LongUnaryOperator update) {
                Accessors accessors = accessors();
                long next = update.applyAsLong(accessors.get(entity));
                accessors.set(entity, next);
                return next;
            }
        };
    }

    private static final class Accessors {
        private final MethodHandle getter;
        private final MethodHandle setter;

        private Accessors(MethodHandle getter, MethodHandle setter) {
            this.getter = getter;
            this.setter = setter;
        }

        static Accessors find(MethodHandles.Lookup lookup, String field) {
            Class<?> type = lookup.lookupClass();
            try {
                return new Accessors(
                    lookup.findStatic(type, "pcGet" + field, MethodType.methodType(long.class, type))
                        .asType(MethodType.methodType(long.class, Object.class)),
                    lookup.findStatic(type, "pcSet" + field, MethodType.methodType(void.class, type, long.class))
                        .asType(MethodType.methodType(void.class, Object.class, long.class)));
            } catch (NoSuchMethodException | IllegalAccessException e) {
                throw new IllegalStateException(type.getName() + " has no OpenJPA accessors for " + field
                    + " (is it enhanced?): james-replicator cannot pin it", e);
            }
        }

        long get(Object entity) {
            try {
                return (long) getter.invokeExact(entity);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        void set(Object entity, long value) {
            try {
                setter.invokeExact(entity, value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
