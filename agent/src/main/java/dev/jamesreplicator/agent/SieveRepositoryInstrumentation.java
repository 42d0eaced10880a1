package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.sieverepository.api.ScriptName;

import dev.jamesreplicator.sieve.SieveChange;
import dev.jamesreplicator.sieve.SieveWrites;
import net.bytebuddy.asm.Advice;

/**
 * Reports every change of a user's Sieve scripts ({@link SieveWrites}): James raises no event for
 * them. One instance per repository James 3.8.1 ships for our backends: the file one, which both
 * servers the project runs bind, and the JPA one, which James's own JPA app binds (docs/sieve.md).
 */
final class SieveRepositoryInstrumentation extends PerClassInstrumentation {
    private SieveRepositoryInstrumentation(String hookName, String typeName) {
        super(hookName, typeName);
    }

    static SieveRepositoryInstrumentation file() {
        return new SieveRepositoryInstrumentation("SieveFileRepositoryInstrumentation",
            "org.apache.james.sieverepository.file.SieveFileRepository");
    }

    static SieveRepositoryInstrumentation jpa() {
        return new SieveRepositoryInstrumentation("JpaSieveRepositoryInstrumentation",
            "org.apache.james.sieve.jpa.JPASieveRepository");
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("void putScript(Username, ScriptName, ScriptContent)",
                named("putScript").and(takesArguments(3)), ChangeAdvice.class),
            new MethodAdvice("void deleteScript(Username, ScriptName)",
                named("deleteScript").and(takesArguments(2)), ChangeAdvice.class),
            new MethodAdvice("void renameScript(Username, ScriptName, ScriptName)",
                named("renameScript").and(takesArguments(3)), ChangeAdvice.class),
            new MethodAdvice("void setActive(Username, ScriptName)",
                named("setActive").and(takesArguments(2)), ChangeAdvice.class));
    }

    /** One advice for the four methods: each takes the user, then the script's name (a rename: the new one next). */
    static final class ChangeAdvice {
        private ChangeAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Username user) {
            SieveWrites.begin(user.asString());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) Username user,
                         @Advice.Argument(1) ScriptName name, @Advice.AllArguments Object[] arguments,
                         @Advice.Thrown Throwable thrown) {
            String newName = arguments.length > 2 && arguments[2] instanceof ScriptName ? ((ScriptName) arguments[2]).getValue() : null;
            SieveWrites.end(user.asString(), SieveChange.ofRepositoryCall(method, name.getValue(), newName), thrown);
        }
    }
}
