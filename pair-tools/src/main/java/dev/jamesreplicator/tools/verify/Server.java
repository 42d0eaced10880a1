package dev.jamesreplicator.tools.verify;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One server of the pair as verify reaches it.
 *
 * @param name     how difference lines name it ("a", "b", a host name)
 * @param webAdmin to list users and to tell a user who has no mailbox yet; without it the
 *                 users come from the command line or the users file
 * @param manageSievePort ManageSieve on the IMAP host, to compare Sieve scripts; without it they
 *                 are not compared
 */
public record Server(String name, String imapHost, int imapPort, Optional<WebAdmin> webAdmin, OptionalInt manageSievePort) {
}
