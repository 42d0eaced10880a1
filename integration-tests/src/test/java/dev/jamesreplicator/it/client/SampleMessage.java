package dev.jamesreplicator.it.client;

import dev.jamesreplicator.tools.verify.ContentHash;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A small, unique RFC 822 message with CRLF line ends, as a client would send it. Its body has a
 * line starting with a dot, so SMTP and LMTP dot-stuffing is exercised on the way in.
 */
public record SampleMessage(String messageId, String subject, byte[] bytes) {

    public static SampleMessage create(String label, String from, String to) {
        return create(label, from, to, 0);
    }

    /** With about {@code paddingBytes} more of body, in 78-byte lines. */
    public static SampleMessage create(String label, String from, String to, int paddingBytes) {
        String token = UUID.randomUUID().toString();
        String messageId = "<" + token + "@it.james-replicator.test>";
        String subject = label + " " + token.substring(0, 8);
        String text = "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Subject: " + subject + "\r\n"
                + "Date: Tue, 5 Mar 2024 10:15:30 +0000\r\n"
                + "Message-ID: " + messageId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "Integration test message '" + label + "'.\r\n"
                + "Token: " + token + "\r\n"
                + ".a line that starts with a dot\r\n"
                + padding(paddingBytes)
                + "The end.\r\n";
        return new SampleMessage(messageId, subject, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String padding(int bytes) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < bytes / 78; i++) {
            lines.append(String.format("%08d ", i)).append("x".repeat(67)).append("\r\n");
        }
        return lines.toString();
    }

    public String sha256() {
        return ContentHash.of(bytes);
    }

    public String bodySha256() {
        return ContentHash.ofBody(bytes);
    }
}
