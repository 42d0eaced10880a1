package dev.jamesreplicator.benchmarks;

import java.nio.charset.StandardCharsets;

/** Messages of an exact size (4 KiB by default) with a unique Message-ID and CRLF line ends. */
final class SampleMessages {
    private static final String FILLER =
            "The quick brown fox jumps over the lazy dog and then replicates to its twin.";

    private final int size;
    private final String run;

    SampleMessages(int size, String run) {
        this.size = size;
        this.run = run;
    }

    byte[] message(String label, int number) {
        String head = "From: bench@" + BenchmarkPair.DOMAIN + "\r\n"
                + "To: bench@" + BenchmarkPair.DOMAIN + "\r\n"
                + "Subject: " + label + " " + number + "\r\n"
                + "Date: Tue, 5 Mar 2024 10:15:30 +0000\r\n"
                + "Message-ID: <" + label + "-" + number + "." + run + "@" + BenchmarkPair.DOMAIN + ">\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n"
                + "\r\n";
        StringBuilder message = new StringBuilder(Math.max(size, head.length() + 2)).append(head);
        int remaining = Math.max(size - head.length(), 2);
        while (remaining > 0) {
            int line = Math.min(FILLER.length() + 2, remaining);
            if (remaining - line == 1) {
                line--; // never leave a single byte: a line needs at least its CRLF
            }
            message.append(FILLER, 0, line - 2).append("\r\n");
            remaining -= line;
        }
        return message.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
