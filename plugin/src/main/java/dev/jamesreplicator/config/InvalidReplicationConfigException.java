package dev.jamesreplicator.config;

/** A setting of {@code conf/replication.xml} James cannot start with; the message says the fix. */
public class InvalidReplicationConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidReplicationConfigException(String setting, String problem, String fix) {
        super(ReplicationConfigParser.FILE + ", setting <" + setting + ">: " + problem + ". Fix: " + fix);
    }
}
