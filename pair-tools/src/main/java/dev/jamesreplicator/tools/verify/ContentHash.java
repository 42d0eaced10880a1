package dev.jamesreplicator.tools.verify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 of a message's RFC 822 bytes, and of its body alone: local delivery prepends trace
 * headers (Return-Path, Received, Delivered-To), so a delivered message is recognised by its body.
 */
public final class ContentHash {
    private static final byte[] CRLF_CRLF = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LF_LF = "\n\n".getBytes(StandardCharsets.US_ASCII);

    private ContentHash() {
    }

    public static String of(byte[] rfc822) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rfc822));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static String ofBody(byte[] rfc822) {
        return of(body(rfc822));
    }

    /** The bytes after the blank line that ends the header section (empty if there is none). */
    public static byte[] body(byte[] rfc822) {
        int crlf = indexOf(rfc822, CRLF_CRLF);
        int lf = indexOf(rfc822, LF_LF);
        if (crlf >= 0 && (lf < 0 || crlf <= lf)) {
            return Arrays.copyOfRange(rfc822, crlf + CRLF_CRLF.length, rfc822.length);
        }
        if (lf >= 0) {
            return Arrays.copyOfRange(rfc822, lf + LF_LF.length, rfc822.length);
        }
        return new byte[0];
    }

    /** Short form for readable difference lines. */
    public static String abbreviate(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
