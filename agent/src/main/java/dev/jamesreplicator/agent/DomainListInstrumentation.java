package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.core.Domain;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import net.bytebuddy.asm.Advice;

/**
 * Reports every domain added to or removed from James's domain list ({@link ServerDataWrites}):
 * James raises no event for them. One instance per domain list of the project's servers: the
 * memory one and the JPA one ({@code jpa-server} binds it), each declaring both methods.
 */
final class DomainListInstrumentation extends PerClassInstrumentation {
    private DomainListInstrumentation(String hookName, String typeName) {
        super(hookName, typeName);
    }

    static DomainListInstrumentation memory() {
        return new DomainListInstrumentation("MemoryDomainListInstrumentation",
            "org.apache.james.domainlist.memory.MemoryDomainList");
    }

    static DomainListInstrumentation jpa() {
        return new DomainListInstrumentation("JpaDomainListInstrumentation",
            "org.apache.james.domainlist.jpa.JPADomainList");
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("void addDomain(Domain)", named("addDomain").and(takesArguments(1)), ChangeAdvice.class),
            // removeDomain refuses the default and detected domains, then calls this.
            new MethodAdvice("void doRemoveDomain(Domain)", named("doRemoveDomain").and(takesArguments(1)), ChangeAdvice.class));
    }

    /** One advice for both methods: the method's name says whether it removes ({@link ServerDataChange}). */
    static final class ChangeAdvice {
        private ChangeAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            ServerDataWrites.begin();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) Domain domain, @Advice.Thrown Throwable thrown) {
            ServerDataWrites.end(ServerDataChange.ofDomainCall(method, domain), thrown);
        }
    }
}
