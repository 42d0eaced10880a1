package dev.jamesreplicator.it.pair;

/** Where one node listens, as {@code bin/james-pair env} reports it. */
public record NodePorts(String host, int imap, int pop3, int smtp, int lmtp, int webAdmin, int replication,
                        int manageSieve) {
}
