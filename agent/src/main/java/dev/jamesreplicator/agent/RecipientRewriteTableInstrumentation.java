package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import net.bytebuddy.asm.Advice;

/**
 * Reports every mapping added to or removed from James's recipient rewrite table (aliases,
 * forwards, groups, domain aliases, ...: every {@code add...Mapping} ends in {@code addMapping})
 * through {@link ServerDataWrites}: James raises no event for them. One instance per table of
 * the project's servers: the memory one and the JPA one ({@code jpa-server} binds it).
 */
final class RecipientRewriteTableInstrumentation extends PerClassInstrumentation {
    private RecipientRewriteTableInstrumentation(String hookName, String typeName) {
        super(hookName, typeName);
    }

    static RecipientRewriteTableInstrumentation memory() {
        return new RecipientRewriteTableInstrumentation("MemoryRecipientRewriteTableInstrumentation",
            "org.apache.james.rrt.memory.MemoryRecipientRewriteTable");
    }

    static RecipientRewriteTableInstrumentation jpa() {
        return new RecipientRewriteTableInstrumentation("JpaRecipientRewriteTableInstrumentation",
            "org.apache.james.rrt.jpa.JPARecipientRewriteTable");
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("void addMapping(MappingSource, Mapping)", named("addMapping").and(takesArguments(2)), ChangeAdvice.class),
            new MethodAdvice("void removeMapping(MappingSource, Mapping)", named("removeMapping").and(takesArguments(2)),
                ChangeAdvice.class));
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
        static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) MappingSource source, @Advice.Argument(1) Mapping mapping, @Advice.Thrown Throwable thrown) {
            ServerDataWrites.end(ServerDataChange.ofRewriteCall(method, source, mapping), thrown);
        }
    }
}
