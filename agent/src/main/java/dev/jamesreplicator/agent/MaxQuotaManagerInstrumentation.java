package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.ArrayList;
import java.util.List;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import net.bytebuddy.asm.Advice;

/**
 * Reports every quota limit set or removed (global, per domain, per user) through
 * {@link ServerDataWrites}: James raises no event for them. One instance per max quota manager
 * of the project's servers: the memory one and the JPA one ({@code jpa-server} binds it); their
 * reactive methods call these blocking ones.
 */
final class MaxQuotaManagerInstrumentation extends PerClassInstrumentation {
    private MaxQuotaManagerInstrumentation(String hookName, String typeName) {
        super(hookName, typeName);
    }

    static MaxQuotaManagerInstrumentation memory() {
        return new MaxQuotaManagerInstrumentation("MemoryMaxQuotaManagerInstrumentation",
            "org.apache.james.mailbox.inmemory.quota.InMemoryPerUserMaxQuotaManager");
    }

    static MaxQuotaManagerInstrumentation jpa() {
        return new MaxQuotaManagerInstrumentation("JpaMaxQuotaManagerInstrumentation",
            "org.apache.james.mailbox.jpa.quota.JPAPerUserMaxQuotaManager");
    }

    @Override
    public List<MethodAdvice> advice() {
        List<MethodAdvice> advice = new ArrayList<>();
        for (String limit : List.of("Message", "Storage")) {
            advice.add(method("set" + "Max" + limit, 2, "QuotaRoot, limit"));
            advice.add(method("remove" + "Max" + limit, 1, "QuotaRoot"));
            advice.add(method("setDomainMax" + limit, 2, "Domain, limit"));
            advice.add(method("removeDomainMax" + limit, 1, "Domain"));
            advice.add(method("setGlobalMax" + limit, 1, "limit"));
            advice.add(method("removeGlobalMax" + limit, 0, ""));
        }
        return advice;
    }

    private static MethodAdvice method(String name, int arguments, String signature) {
        return new MethodAdvice("void " + name + "(" + signature + ")", named(name).and(takesArguments(arguments)),
            ChangeAdvice.class);
    }

    /** One advice for the twelve methods: the name says which limit and whether it is removed ({@link ServerDataChange}). */
    static final class ChangeAdvice {
        private ChangeAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            ServerDataWrites.begin();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Origin("#m") String method, @Advice.AllArguments Object[] arguments,
                         @Advice.Thrown Throwable thrown) {
            ServerDataWrites.end(ServerDataChange.ofQuotaCall(method, arguments), thrown);
        }
    }
}
