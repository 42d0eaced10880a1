package dev.jamesreplicator.tools.pair;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

class PairUsersTest {

    @Test
    void readsUserTabPasswordLinesAndSkipsBlankOnes() throws IOException {
        PairUsers users = PairUsers.read(new StringReader("demo@example.test\tdemo\n\n\tnobody\nbob@other.test\n"
                + "carol@example.test\ta\tb c"));

        assertThat(users.users()).containsExactly(
                new PairUsers.User("demo@example.test", "demo"),
                new PairUsers.User("bob@other.test", ""),
                new PairUsers.User("carol@example.test", "a\tb c"));
        assertThat(users.users().get(1).domain()).isEqualTo("other.test");
    }
}
