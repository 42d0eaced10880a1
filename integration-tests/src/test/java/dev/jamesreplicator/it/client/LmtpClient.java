package dev.jamesreplicator.it.client;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The smallest LMTP client (RFC 2033) that delivers one message to one recipient. */
public final class LmtpClient {
    private static final int TIMEOUT_MILLIS = 30_000;

    private LmtpClient() {
    }

    /** Returns when the server has confirmed delivery to {@code recipient}; throws with the reply otherwise. */
    public static void deliver(String host, int port, String envelopeFrom, String recipient, byte[] rfc822)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, 220, "greeting");
            command(out, in, "LHLO it-client.test", 250);
            command(out, in, "MAIL FROM:<" + envelopeFrom + ">", 250);
            command(out, in, "RCPT TO:<" + recipient + ">", 250);
            command(out, in, "DATA", 354);
            out.write(dotStuffed(rfc822));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // LMTP answers DATA once per accepted recipient: here, one.
            expect(in, 250, "delivery to " + recipient);
            command(out, in, "QUIT", 221);
        }
    }

    private static void command(OutputStream out, BufferedReader in, String line, int expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected, line);
    }

    /** Reads one (possibly multi-line) reply and checks its code. */
    private static void expect(BufferedReader in, int expected, String after) throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("LMTP server closed the connection after " + after + ": " + reply);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(String.valueOf(expected))) {
            throw new IOException("LMTP " + after + ": expected " + expected + ", got " + reply.toString().trim());
        }
    }

    /** CRLF line ends, a dot doubled at the start of a line, a final CRLF. */
    static byte[] dotStuffed(byte[] rfc822) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rfc822.length + 16);
        boolean lineStart = true;
        for (int i = 0; i < rfc822.length; i++) {
            byte b = rfc822[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\n' && (i == 0 || rfc822[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }
}
