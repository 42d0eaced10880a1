package dev.jamesreplicator.tools.verify;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyPairTest {

    @Test
    void aMissingServerIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = VerifyPair.run(new String[] {"--a", "127.0.0.1:1143", "demo@example.test"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(VerifyPair.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("verify: --a and --b");
    }

    @Test
    void anUnknownAspectIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = VerifyPair.run(new String[] {"--a", "h:1", "--b", "h:2", "--without", "colour", "u@example.test"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(VerifyPair.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--without takes FLAGS");
    }
}
