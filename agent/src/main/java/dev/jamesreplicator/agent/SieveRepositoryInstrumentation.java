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
final class SieveRepositoryInstrumentation implements JamesInstrumentation {
    private final String hookName;
    private final String typeName;

    private SieveRepositoryInstrumentation(String hookName, String typeName) {
        this.hookName = hookName;
        this.typeName = typeName;
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
    public String typeName() {
        return typeName;
    }

    @Override
    public String hookName() {
        return hookName;
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("void putScript(Username, ScriptName, ScriptContent)",
                named("putScript").and(takesArguments(3)), PutAdvice.class),
            new MethodAdvice("void deleteScript(Username, ScriptName)",
                named("deleteScript").and(takesArguments(2)), DeleteAdvice.class),
            new MethodAdvice("void renameScript(Username, ScriptName, ScriptName)",
                named("renameScript").and(takesArguments(3)), RenameAdvice.class),
            new MethodAdvice("void setActive(Username, ScriptName)",
                named("setActive").and(takesArguments(2)), ActivateAdvice.class));
    }

    static final class PutAdvice {
        private PutAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Username user) {
            SieveWrites.begin(user.asString());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) Username user, @Advice.Argument(1) ScriptName name,
                         @Advice.Thrown Throwable thrown) {
            SieveWrites.end(user.asString(), SieveChange.put(name.getValue()), thrown);
        }
    }

    static final class DeleteAdvice {
        private DeleteAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Username user) {
            SieveWrites.begin(user.asString());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) Username user, @Advice.Argument(1) ScriptName name,
                         @Advice.Thrown Throwable thrown) {
            SieveWrites.end(user.asString(), SieveChange.delete(name.getValue()), thrown);
        }
    }

    static final class RenameAdvice {
        private RenameAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Username user) {
            SieveWrites.begin(user.asString());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) Username user, @Advice.Argument(1) ScriptName from,
                         @Advice.Argument(2) ScriptName to, @Advice.Thrown Throwable thrown) {
            SieveWrites.end(user.asString(), SieveChange.rename(from.getValue(), to.getValue()), thrown);
        }
    }

    static final class ActivateAdvice {
        private ActivateAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Username user) {
            SieveWrites.begin(user.asString());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Argument(0) Username user, @Advice.Argument(1) ScriptName name,
                         @Advice.Thrown Throwable thrown) {
            SieveWrites.end(user.asString(), SieveChange.activate(name.getValue()), thrown);
        }
    }
}
