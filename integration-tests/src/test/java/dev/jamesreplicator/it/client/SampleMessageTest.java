package dev.jamesreplicator.it.client;

import dev.jamesreplicator.tools.verify.ContentHash;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SampleMessageTest {

    @Test
    void jakartaMailWritesTheMessageBackByteForByteAsAppendAndSmtpSendIt() throws Exception {
        SampleMessage sample = SampleMessage.create("round trip", "a@example.org", "b@example.test");
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(sample.bytes()));
        ByteArrayOutputStream written = new ByteArrayOutputStream();

        parsed.writeTo(written);

        assertThat(written.toByteArray()).isEqualTo(sample.bytes());
        assertThat(parsed.getMessageID()).isEqualTo(sample.messageId());
    }

    @Test
    void bodyHashIgnoresHeadersAddedInFront() {
        SampleMessage sample = SampleMessage.create("delivered", "a@example.org", "b@example.test");
        byte[] traced = ("Return-Path: <a@example.org>\r\nReceived: from it-client.test\r\n"
                + new String(sample.bytes(), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);

        assertThat(ContentHash.ofBody(traced)).isEqualTo(sample.bodySha256());
        assertThat(ContentHash.of(traced)).isNotEqualTo(sample.sha256());
    }

    @Test
    void lmtpDataIsDotStuffedWithCrlfLineEnds() {
        byte[] data = "Subject: x\n\n.one\r\ntwo\r\n..three".getBytes(StandardCharsets.US_ASCII);

        assertThat(new String(LmtpClient.dotStuffed(data), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: x\r\n\r\n..one\r\ntwo\r\n...three\r\n");
    }
}
