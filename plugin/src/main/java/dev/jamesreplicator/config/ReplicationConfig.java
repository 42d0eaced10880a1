package dev.jamesreplicator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The settings of {@code conf/replication.xml}, validated. */
public final class ReplicationConfig {
    public static final int DEFAULT_PORT = 12345;
    public static final int DEFAULT_MAX_CONNECTIONS = 10;
    public static final int DEFAULT_IDLE_CONNECTIONS = 2;
    public static final Duration DEFAULT_FULL_SYNC_INTERVAL = Duration.ofDays(1);
    public static final int MIN_PASSWORD_LENGTH = 16;
    /**
     * Largest message replicated by default. Bodies are streamed and spooled to disk, so this
     * bounds disk use and transfer time per session, not heap; it sits above the limits mail
     * servers commonly set (James sets none by default).
     */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 256L * 1024 * 1024;
    /** James counts a message's size in an int: it cannot store a larger one. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = Integer.MAX_VALUE;

    private final String nodeName;
    private final HostPort bind;
    private final HostPort twin;
    private final String password;
    private final int maxConnections;
    private final Duration fullSyncInterval;
    private final Duration syncTimeout;
    private final Path stateDirectory;
    private final TlsSettings tls;
    private final List<AddressRange> allowFrom;
    private final long maxMessageSize;
    private final int idleConnections;
    private final List<UserMask> noReplicate;

    /** Plaintext, and only the twin's address may connect. */
    public ReplicationConfig(String nodeName, HostPort bind, HostPort twin, String password, int maxConnections,
                             Duration fullSyncInterval, Duration syncTimeout, Path stateDirectory) {
        this(nodeName, bind, twin, password, maxConnections, fullSyncInterval, syncTimeout, stateDirectory,
            TlsSettings.off(), List.of());
    }

    public ReplicationConfig(String nodeName, HostPort bind, HostPort twin, String password, int maxConnections,
                             Duration fullSyncInterval, Duration syncTimeout, Path stateDirectory,
                             TlsSettings tls, List<AddressRange> allowFrom) {
        this(nodeName, bind, twin, password, maxConnections, fullSyncInterval, syncTimeout, stateDirectory, tls, allowFrom,
            DEFAULT_MAX_MESSAGE_SIZE, Math.min(DEFAULT_IDLE_CONNECTIONS, maxConnections));
    }

    public ReplicationConfig(String nodeName, HostPort bind, HostPort twin, String password, int maxConnections,
                             Duration fullSyncInterval, Duration syncTimeout, Path stateDirectory,
                             TlsSettings tls, List<AddressRange> allowFrom, long maxMessageSize, int idleConnections) {
        this(nodeName, bind, twin, password, maxConnections, fullSyncInterval, syncTimeout, stateDirectory, tls, allowFrom,
            maxMessageSize, idleConnections, List.of());
    }

    public ReplicationConfig(String nodeName, HostPort bind, HostPort twin, String password, int maxConnections,
                             Duration fullSyncInterval, Duration syncTimeout, Path stateDirectory,
                             TlsSettings tls, List<AddressRange> allowFrom, long maxMessageSize, int idleConnections,
                             List<UserMask> noReplicate) {
        if (maxMessageSize < 1 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxMessageSize must be in 1.." + MAX_MESSAGE_SIZE_LIMIT + ": " + maxMessageSize);
        }
        if (idleConnections < 0 || idleConnections > maxConnections) {
            throw new IllegalArgumentException("idleConnections must be from 0 to maxConnections");
        }
        this.maxMessageSize = maxMessageSize;
        this.idleConnections = idleConnections;
        this.nodeName = Objects.requireNonNull(nodeName);
        this.bind = Objects.requireNonNull(bind);
        this.twin = Objects.requireNonNull(twin);
        this.password = Objects.requireNonNull(password);
        this.maxConnections = maxConnections;
        this.fullSyncInterval = Objects.requireNonNull(fullSyncInterval);
        this.syncTimeout = Objects.requireNonNull(syncTimeout);
        this.stateDirectory = Objects.requireNonNull(stateDirectory);
        this.tls = Objects.requireNonNull(tls);
        this.allowFrom = List.copyOf(allowFrom);
        this.noReplicate = List.copyOf(noReplicate);
    }

    /** This server's name in the pair; distinct from the twin's, used as the tie-break. */
    public String nodeName() {
        return nodeName;
    }

    /** Where the replica server listens. */
    public HostPort bind() {
        return bind;
    }

    /** Where the twin's replica server listens. */
    public HostPort twin() {
        return twin;
    }

    /** The secret both servers share; never sent on the wire. */
    public String password() {
        return password;
    }

    /** At most this many sync sessions run at once. */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * At most this many authenticated connections to the twin stay open between sync sessions
     * (0: each session connects anew); never more than {@link #maxConnections()}.
     */
    public int idleConnections() {
        return idleConnections;
    }

    public Duration fullSyncInterval() {
        return fullSyncInterval;
    }

    /** How long a delivery waits for the twin to hold new mail; zero means it does not wait. */
    public Duration syncTimeout() {
        return syncTimeout;
    }

    public Path stateDirectory() {
        return stateDirectory;
    }

    /** Where message bodies being received wait once they are too large to keep in memory. */
    public Path spoolDirectory() {
        return stateDirectory.resolve("tmp");
    }

    /** The largest message, in bytes, this server sends to or takes from the twin. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** TLS on the replication port and on the connections to the twin. */
    public TlsSettings tls() {
        return tls;
    }

    /** Who may connect to the replication port; empty means the twin's address(es) only. */
    public List<AddressRange> allowFrom() {
        return allowFrom;
    }

    /**
     * Users left out of replication ({@code <noReplicate>}, Dovecot's {@code noreplicate}); masks
     * added through WebAdmin are kept in the state store, not here.
     */
    public List<UserMask> noReplicate() {
        return noReplicate;
    }

    @Override
    public String toString() {
        return "ReplicationConfig{nodeName=" + nodeName + ", bind=" + bind + ", twin=" + twin
            + ", maxConnections=" + maxConnections + ", idleConnections=" + idleConnections + ", fullSyncInterval=" + fullSyncInterval
            + ", syncTimeout=" + syncTimeout + ", stateDirectory=" + stateDirectory + ", maxMessageSize=" + maxMessageSize
            + ", tls=" + tls
            + ", allowFrom=" + (allowFrom.isEmpty() ? "the twin" : allowFrom)
            + (noReplicate.isEmpty() ? "" : ", noReplicate=" + noReplicate) + "}";
    }
}
