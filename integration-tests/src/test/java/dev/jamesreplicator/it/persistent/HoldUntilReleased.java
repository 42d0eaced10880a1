package dev.jamesreplicator.it.persistent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * A mailet that runs inside James (installed by {@link HoldMailetInstaller}): it records each
 * mail it is given in {@code heldFile}, then keeps it, in the spooler's hands, until
 * {@code releaseFile} exists. A test can so kill James while a mail it accepted with 250 is
 * mid-way through delivery, without guessing how long delivery takes.
 */
public class HoldUntilReleased extends GenericMailet {
    private Path heldFile;
    private Path releaseFile;

    @Override
    public void init() throws MessagingException {
        heldFile = Path.of(getInitParameter("heldFile"));
        releaseFile = Path.of(getInitParameter("releaseFile"));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        try {
            Files.writeString(heldFile, mail.getName() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            while (!Files.exists(releaseFile)) {
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new MessagingException("cannot record the held mail in " + heldFile, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while holding " + mail.getName(), e);
        }
    }
}
