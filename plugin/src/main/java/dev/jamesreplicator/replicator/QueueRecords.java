package dev.jamesreplicator.replicator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.h2.mvstore.MVMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.state.StateStore;

/**
 * The replicator's queue on disk. The state store's {@value #MAP_NAME} map holds one
 * {@link QueueRecord} per user as of the last {@link #checkpoint()}; the {@link QueueLog} holds
 * every request accepted since. Requests are durable (against kill -9) when
 * {@link #logRequest} returns; history (last success, failures) is durable at the next
 * checkpoint, at most {@link #CHECKPOINT_PERIOD_MILLIS} later: losing it costs one redundant sync.
 * Never throws: the listener must not fail a client's command; a failed write is logged and
 * counted for the health check.
 */
@Singleton
public class QueueRecords {
    static final String MAP_NAME = "replicator-queue";
    static final long CHECKPOINT_PERIOD_MILLIS = 1000;
    /** A log this large is folded into the store at once, so a restart never replays much. */
    static final long CHECKPOINT_LOG_BYTES = 1 << 20;
    private static final Logger LOGGER = LoggerFactory.getLogger(QueueRecords.class);

    private final StateStore store;
    private final MVMap<String, String> map;
    private final QueueLog log;
    private final AtomicLong writeFailures = new AtomicLong();

    @Inject
    public QueueRecords(StateStore store, ReplicationConfig config) {
        this(store, config.stateDirectory());
    }

    QueueRecords(StateStore store, Path stateDirectory) {
        this.store = store;
        this.map = store.map(MAP_NAME);
        this.log = new QueueLog(stateDirectory);
    }

    Map<String, QueueRecord> loadAll() {
        Map<String, QueueRecord> records = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            Optional<QueueRecord> record = QueueRecord.decode(entry.getValue());
            if (record.isPresent()) {
                records.put(entry.getKey(), record.get());
            } else {
                LOGGER.warn("Ignoring an unreadable replicator queue record for {}: it will be synced in full", entry.getKey());
            }
        }
        return records;
    }

    /** The requests accepted after the last checkpoint, oldest first. */
    void replayLog(Consumer<QueueLog.Line> consumer) {
        try {
            log.replay(consumer);
        } catch (IOException e) {
            failed("read the log of", "the queue", e);
        }
    }

    /** Durable (against kill -9) when it returns. */
    void logRequest(String user, Priority priority, boolean full, Instant at) {
        append(user, Optional.of(priority), full, at);
    }

    void logRemoval(String user, Instant at) {
        append(user, Optional.empty(), false, at);
    }

    private void append(String user, Optional<Priority> priority, boolean full, Instant at) {
        try {
            log.append(user, priority, full, at);
        } catch (IOException | RuntimeException e) {
            failed("log a request for", user, e);
        }
    }

    /** Updates the user's record; durable at the next checkpoint. */
    void put(String user, QueueRecord record) {
        try {
            map.put(user, record.encode());
        } catch (RuntimeException e) {
            failed("record", user, e);
        }
    }

    void remove(String user) {
        try {
            map.remove(user);
        } catch (RuntimeException e) {
            failed("remove", user, e);
        }
    }

    /**
     * Commits the records and empties the log. The caller makes sure no request is logged
     * between the two (the queue holds its lock), else that request would be in neither.
     */
    void checkpoint() {
        try {
            store.commit();
        } catch (RuntimeException e) {
            // At shutdown the store may be closed first: the log keeps everything since the last checkpoint.
            failed("checkpoint", "the queue (kept in " + QueueLog.FILE_NAME + ")", e);
            return;
        }
        try {
            log.truncate();
        } catch (IOException e) {
            failed("truncate the log of", "the queue", e);
        }
    }

    boolean logIsLarge() {
        try {
            return log.size() >= CHECKPOINT_LOG_BYTES;
        } catch (IOException e) {
            return false;
        }
    }

    /** How many writes failed since start; the health check reports them. */
    long writeFailures() {
        return writeFailures.get();
    }

    private void failed(String what, String user, Exception e) {
        writeFailures.incrementAndGet();
        LOGGER.error("Cannot {} {} in the replication state ({}): the request stays queued in memory only",
            what, user, e.toString(), e);
    }
}
