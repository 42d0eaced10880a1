package dev.jamesreplicator.it.port;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP connections open on this host, as Linux lists them in {@code /proc/net/tcp} and
 * {@code tcp6}: how a test sees which connections node a holds to node b's replication port.
 */
public final class TcpConnections {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";

    private TcpConnections() {
    }

    public static boolean available() {
        return Files.isReadable(TABLES.get(0));
    }

    /** The local ports of the established connections to {@code remotePort} (any address). */
    public static Set<Integer> localPortsTo(int remotePort) throws IOException {
        Set<Integer> ports = new TreeSet<>();
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || !fields[0].endsWith(":")) {
                    continue;
                }
                if (port(fields[2]) == remotePort && fields[3].equals(ESTABLISHED)) {
                    ports.add(port(fields[1]));
                }
            }
        }
        return ports;
    }

    private static int port(String addressAndPort) {
        return Integer.parseInt(addressAndPort.substring(addressAndPort.lastIndexOf(':') + 1), 16);
    }
}
