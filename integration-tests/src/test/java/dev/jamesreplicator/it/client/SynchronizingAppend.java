package dev.jamesreplicator.it.client;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IMAP APPEND with a synchronizing literal ({@code {n}}, then the server's go-ahead), over a
 * plain socket. Jakarta Mail sends a non-synchronizing one ({@code {n+}}) whenever the server
 * announces LITERAL+, and James 3.8.1 never answers one larger than its {@code inMemorySizeLimit}
 * (10 MiB by default; see docs/james-3.8.1-notes.md): large messages go this way.
 */
public final class SynchronizingAppend {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)\\]");

    private SynchronizingAppend() {
    }

    /** Logs in, appends, and returns the UID from the APPENDUID response. */
    public static long append(String host, int port, String user, String password, String mailbox, byte[] rfc822,
                              String flags, Instant internalDate) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, "* OK");
            send(out, "a1 LOGIN \"" + user + "\" \"" + password + "\"\r\n");
            expect(in, "a1 OK");
            send(out, "a2 APPEND \"" + mailbox + "\" (" + flags + ") \"" + DATE.format(internalDate) + "\" {" + rfc822.length + "}\r\n");
            expect(in, "+");
            out.write(rfc822);
            send(out, "\r\n");
            String done = expect(in, "a2 OK");
            Matcher uid = APPENDUID.matcher(done);
            if (!uid.find()) {
                throw new IOException("no APPENDUID in: " + done);
            }
            send(out, "a3 LOGOUT\r\n");
            return Long.parseLong(uid.group(2));
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Skips untagged lines until one starting with {@code prefix}; fails on a tagged NO or BAD. */
    private static String expect(InputStream in, String prefix) throws IOException {
        while (true) {
            String line = readLine(in);
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.matches("a\\d+ (NO|BAD).*")) {
                throw new IOException("the server refused: " + line);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the server closed the connection after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
