package dev.jamesreplicator.tools.pair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JDK's keytool, the one beside the java running this tool: makes the nodes' key pairs. */
final class Keytool {
    private final Path program;

    Keytool() {
        this(Path.of(System.getProperty("java.home"), "bin", "keytool"));
    }

    Keytool(Path program) {
        this.program = program;
    }

    /**
     * A new PKCS12 {@code keystore} holding one self-signed key pair; keytool's output goes to {@code log}.
     * @param keyOptions e.g. {@code -keyalg EC -groupname secp256r1}
     */
    void generateKeyPair(Path keystore, String alias, String password, String dname, List<String> keyOptions, Path log)
            throws PairToolException, IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program.toString(), "-genkeypair", "-noprompt", "-alias", alias));
        command.addAll(keyOptions);
        command.addAll(List.of("-validity", "3650", "-dname", dname, "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (process.waitFor() != 0) {
            throw new PairToolException(Files.readString(log, StandardCharsets.UTF_8).strip());
        }
    }
}
