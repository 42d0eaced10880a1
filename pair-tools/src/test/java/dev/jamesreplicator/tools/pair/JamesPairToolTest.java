package dev.jamesreplicator.tools.pair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line bin/james-pair gives the tool; what the commands do is NodeConfTest's and WebAdminProvisioningTest's. */
class JamesPairToolTest {

    @Test
    void nodeConfWritesTheConfTheCommandLineDescribes(@TempDir Path root) throws Exception {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Files.writeString(templates.resolve("imapserver.xml"), "<imap>@IMAP_PORT@ @POP3_PORT@ @SMTP_PORT@ @LMTP_PORT@ @SIEVE_PORT@</imap>\n");
        Path node = Files.createDirectories(root.resolve("a/logs")).getParent();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = run(err, "node-conf", "--dir", node.toString(), "--node", "a", "--template", templates.toString(),
                "--port", "IMAP=33143", "--port", "POP3=33110", "--port", "SMTP=33025", "--port", "LMTP=33024",
                "--port", "SIEVE=33190", "--port", "WEBADMIN=33080");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        assertThat(Files.readString(node.resolve("conf/imapserver.xml"))).isEqualTo("<imap>33143 33110 33025 33024 33190</imap>\n");
        assertThat(Files.readString(node.resolve("conf/webadmin.properties"))).contains("port=33080");
    }

    @Test
    void aPortWithoutANumberIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(err, "node-conf", "--dir", "/nowhere", "--node", "a", "--port", "IMAP")).isEqualTo(JamesPairTool.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("james-pair tool: --port takes NAME=PORT, not IMAP\n");
    }

    @Test
    void aReplicatingNodeNeedsItsTwin() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(err, "node-conf", "--dir", "/nowhere", "--node", "a", "--pair-home", "/nowhere"))
                .isEqualTo(JamesPairTool.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("james-pair tool: --twin-node is required\n");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(err, "launch", "a")).isEqualTo(JamesPairTool.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("james-pair tool: unknown command launch\n");
    }

    private static int run(ByteArrayOutputStream err, String... args) {
        return JamesPairTool.run(args, new StringReader(""), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
