package dev.jamesreplicator.it.persistent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Puts {@link HoldUntilReleased} into a stopped node: a jar with its class in extensions-jars/
 * (where James loads mailets from), and a first mailet in the root processor that holds every
 * mail carrying the {@value #HEADER} header. The launcher's {@code start} keeps a node's conf.
 */
final class HoldMailetInstaller {
    static final String HEADER = "X-Hold-Until-Released";
    private static final String ROOT_PROCESSOR = "<processor state=\"root\" enableJmx=\"false\">";

    private HoldMailetInstaller() {
    }

    /** @return the file each held mail's name is written to; {@code releaseFile} lets them go */
    static Path install(Path nodeDirectory, Path releaseFile) throws IOException {
        Path heldFile = nodeDirectory.resolve("var/held-mail");
        writeJar(nodeDirectory.resolve("extensions-jars/hold-until-released.jar"));
        Path conf = nodeDirectory.resolve("conf/mailetcontainer.xml");
        String xml = Files.readString(conf, StandardCharsets.UTF_8);
        if (!xml.contains(ROOT_PROCESSOR)) {
            throw new IllegalStateException(conf + " has no " + ROOT_PROCESSOR + " to add the hold mailet to");
        }
        String mailet = "\n      <mailet match=\"HasHeader=" + HEADER + "\" class=\"" + HoldUntilReleased.class.getName() + "\">"
            + "<heldFile>" + heldFile + "</heldFile><releaseFile>" + releaseFile + "</releaseFile></mailet>";
        Files.writeString(conf, xml.replace(ROOT_PROCESSOR, ROOT_PROCESSOR + mailet), StandardCharsets.UTF_8);
        return heldFile;
    }

    private static void writeJar(Path jar) throws IOException {
        String entry = HoldUntilReleased.class.getName().replace('.', '/') + ".class";
        try (InputStream classFile = HoldUntilReleased.class.getClassLoader().getResourceAsStream(entry);
             OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file)) {
            if (classFile == null) {
                throw new IllegalStateException(entry + " not found on the test class path");
            }
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }
}
