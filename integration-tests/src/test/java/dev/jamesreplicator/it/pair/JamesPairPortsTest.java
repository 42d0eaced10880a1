package dev.jamesreplicator.it.pair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher refuses to start a node on a port something else listens on, before it builds
 * or writes anything: otherwise another pair's server answering there passes for this pair's.
 */
class JamesPairPortsTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "james-pair").toAbsolutePath().normalize();

    @TempDir
    Path pairHome;

    @Test
    void upNamesTheTakenPortAndChangesNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int imap = taken.getLocalPort();
            int base = imap - 143; // node a's IMAP is base + 143

            ProcessBuilder launcher = new ProcessBuilder("bash", LAUNCHER.toString(), "--base", String.valueOf(base), "up")
                .redirectErrorStream(true);
            launcher.environment().put("JAMES_PAIR_HOME", pairHome.toString());
            Process up = launcher.start();
            up.getOutputStream().close();
            String output = read(up);

            assertThat(up.exitValue()).isNotZero();
            assertThat(output).contains("port " + imap + " (node a's IMAP, base " + base + ") is already in use");
            try (var left = Files.list(pairHome)) {
                assertThat(left).isEmpty();
            }
        }
    }

    private static String read(Process process) throws IOException, InterruptedException {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        return output;
    }
}
