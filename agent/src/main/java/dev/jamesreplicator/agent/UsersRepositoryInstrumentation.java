package dev.jamesreplicator.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.List;

import dev.jamesreplicator.serverdata.ServerDataChange;
import dev.jamesreplicator.serverdata.ServerDataWrites;
import net.bytebuddy.asm.Advice;

/**
 * Reports every user added, updated (a password changed) or removed ({@link ServerDataWrites}):
 * James raises no event for them. Hooks {@code UsersRepositoryImpl}, the class both the memory
 * ({@code MemoryUsersRepository}) and the JPA ({@code JPAUsersRepository}) repositories inherit
 * these three methods from without overriding them; every WebAdmin and CLI user route ends in one.
 */
final class UsersRepositoryInstrumentation implements JamesInstrumentation {
    @Override
    public String typeName() {
        return "org.apache.james.user.lib.UsersRepositoryImpl";
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
            new MethodAdvice("void addUser(Username, String)", named("addUser").and(takesArguments(2)), ChangeAdvice.class),
            // WebAdmin's password change: getUserByName, setPassword, then this.
            new MethodAdvice("void updateUser(User)", named("updateUser").and(takesArguments(1)), ChangeAdvice.class),
            new MethodAdvice("void removeUser(Username)", named("removeUser").and(takesArguments(1)), ChangeAdvice.class));
    }

    /** One advice for the three methods; only the first argument is read, never the password. */
    static final class ChangeAdvice {
        private ChangeAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            ServerDataWrites.begin();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Origin("#m") String method, @Advice.Argument(0) Object user, @Advice.Thrown Throwable thrown) {
            ServerDataWrites.end(ServerDataChange.ofUserCall(method, user), thrown);
        }
    }
}
