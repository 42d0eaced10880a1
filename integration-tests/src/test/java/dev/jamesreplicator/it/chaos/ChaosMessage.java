package dev.jamesreplicator.it.chaos;

import java.nio.charset.StandardCharsets;

/** A message only one APPEND ever sends: its chaos id is in its X-Chaos-Id header and its Message-ID. */
record ChaosMessage(String chaosId, byte[] bytes) {

    static ChaosMessage create(String chaosId, String to) {
        String text = "From: chaos@example.org\r\n"
                + "To: " + to + "\r\n"
                + "Subject: chaos " + chaosId + "\r\n"
                + "Date: Sat, 5 Dec 2026 10:15:30 +0000\r\n"
                + "Message-ID: " + messageId(chaosId) + "\r\n"
                + ChaosView.HEADER + ": " + chaosId + "\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n"
                + "Chaos message " + chaosId + ".\r\n";
        return new ChaosMessage(chaosId, text.getBytes(StandardCharsets.US_ASCII));
    }

    static String messageId(String chaosId) {
        return "<" + chaosId + "@chaos.james-replicator.test>";
    }

    /** The chaos id in a Message-ID this class made, or null. */
    static String chaosIdOf(String messageId) {
        if (messageId == null || !messageId.endsWith("@chaos.james-replicator.test>") || !messageId.startsWith("<")) {
            return null;
        }
        return messageId.substring(1, messageId.indexOf('@'));
    }
}
