package dev.jamesreplicator.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal IMAP client over one TCP connection, with TCP_NODELAY (without it delayed ACKs cap
 * a connection at about 17 commands a second). It sends exactly what a benchmark asks for, so
 * the figures measure the server, not a client library's extra round trips. APPEND uses a
 * non-synchronizing literal when the server has LITERAL+ (James 3.8.1 has): one round trip.
 */
final class ImapClient implements AutoCloseable {
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID (\\d+) (\\d+)]");
    private static final Pattern STATUS_MESSAGES = Pattern.compile("MESSAGES (\\d+)");
    private static final Pattern EXISTS = Pattern.compile("^\\* (\\d+) EXISTS", Pattern.CASE_INSENSITIVE);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final boolean literalPlus;
    private int tag;

    private ImapClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        String greeting = readLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("unexpected greeting: " + greeting);
        }
        this.literalPlus = command("CAPABILITY").untagged().stream()
                .anyMatch(line -> line.toUpperCase().contains(" LITERAL+"));
    }

    static ImapClient login(String host, int port, String user, String password) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        ImapClient client = new ImapClient(socket);
        client.command("LOGIN " + quote(user) + " " + quote(password)).requireOk();
        return client;
    }

    /** The tagged status line and the untagged lines before it. */
    record Reply(String tagged, List<String> untagged) {
        Reply requireOk() throws IOException {
            if (!tagged.split(" ", 3)[1].equals("OK")) {
                throw new IOException("IMAP command failed: " + tagged);
            }
            return this;
        }
    }

    Reply command(String command) throws IOException {
        String t = nextTag();
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply(t);
    }

    /** APPENDs and returns the UID the server gave (APPENDUID), or -1. */
    long append(String mailbox, byte[] message) throws IOException {
        String t = nextTag();
        String head = t + " APPEND " + quote(mailbox) + " {" + message.length + (literalPlus ? "+" : "") + "}\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        if (!literalPlus) {
            out.flush();
            String go = readLine();
            if (!go.startsWith("+")) {
                throw new IOException("APPEND refused: " + go);
            }
        }
        out.write(message);
        out.write('\r');
        out.write('\n');
        out.flush();
        Reply reply = readReply(t).requireOk();
        Matcher uid = APPENDUID.matcher(reply.tagged());
        return uid.find() ? Long.parseLong(uid.group(2)) : -1;
    }

    /** {@code STATUS mailbox (MESSAGES)}. */
    long messages(String mailbox) throws IOException {
        Reply reply = command("STATUS " + quote(mailbox) + " (MESSAGES)").requireOk();
        for (String line : reply.untagged()) {
            Matcher m = STATUS_MESSAGES.matcher(line);
            if (line.startsWith("* STATUS") && m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new IOException("no STATUS answer: " + reply);
    }

    /** SELECTs a mailbox and returns its EXISTS count. */
    long select(String mailbox) throws IOException {
        Reply reply = command("SELECT " + quote(mailbox)).requireOk();
        long exists = -1;
        for (String line : reply.untagged()) {
            Matcher m = EXISTS.matcher(line);
            if (m.find()) {
                exists = Long.parseLong(m.group(1));
            }
        }
        return exists;
    }

    /** Starts IDLE on the selected mailbox; then read pushed lines with {@link #readLine()}. */
    void startIdle() throws IOException {
        String t = nextTag();
        out.write((t + " IDLE\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String go = readLine();
        if (!go.startsWith("+")) {
            throw new IOException("IDLE refused: " + go);
        }
        idleTag = t;
    }

    private String idleTag;

    void stopIdle() throws IOException {
        out.write("DONE\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readReply(idleTag);
    }

    /** The EXISTS count in an untagged line, or -1. */
    static long exists(String line) {
        Matcher m = EXISTS.matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            line.write(c);
        }
        throw new IOException("connection closed by the server");
    }

    private Reply readReply(String t) throws IOException {
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.startsWith(t + " ")) {
                return new Reply(line, untagged);
            }
            untagged.add(line);
        }
    }

    private String nextTag() {
        return "b" + (++tag);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Closes the connection without LOGOUT (for a connection another thread reads). */
    void abort() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        try {
            command("LOGOUT");
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket.close();
        }
    }
}
