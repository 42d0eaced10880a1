package dev.jamesreplicator.it.client;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.util.Properties;

/** Sends a message over SMTP without authentication (loopback is an authorized network in James). */
public final class SmtpSender {
    private static final String TIMEOUT_MILLIS = "30000";

    private SmtpSender() {
    }

    /** Returns when the server has accepted the message (250 after DATA). */
    public static void send(String host, int port, String envelopeFrom, String recipient, byte[] rfc822)
            throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", host);
        props.setProperty("mail.smtp.port", String.valueOf(port));
        props.setProperty("mail.smtp.localhost", "it-client.test");
        props.setProperty("mail.smtp.from", envelopeFrom);
        props.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        props.setProperty("mail.smtp.timeout", TIMEOUT_MILLIS);
        props.setProperty("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(rfc822));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(host, port, null, null);
            transport.sendMessage(message, new Address[] {new InternetAddress(recipient)});
        }
    }
}
