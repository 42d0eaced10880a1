package dev.jamesreplicator.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.QueueSummary;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.UserStatus;
import dev.jamesreplicator.state.NoReplicateList;

/**
 * The replicator's status as Dovecot 2.3's {@code doveadm replicator} prints it, so administrators
 * who know Dovecot read it at a glance and their scripts keep working: the seven summary lines
 * without a header, and tables laid out as doveadm's table printer lays them out (a header line
 * first, columns as wide as their widest entry and one space apart, the username column widened
 * by half of what is left of {@link #COLUMNS}), times as hh:mm:ss. Two differences, on purpose:
 * no line ends in blanks (doveadm pads its last column too), and a table wider than
 * {@link #COLUMNS} keeps its columns aligned (doveadm shrinks them and the longer values then
 * overflow); see the README.
 */
public final class DoveadmText {
    /** doveadm's width when its output is not a terminal, as for a script or WebAdmin. */
    static final int COLUMNS = 80;
    /** What dsync-status says of a session running, and of a worker without one (doveadm's words). */
    static final String RUNNING = "Waiting for dsync to finish";
    static final String IDLE = "Idle";
    static final String NO_REPLICATE = "noreplicate";
    static final String NO_REPLICATE_TWIN = "noreplicate-twin";

    private DoveadmText() {
    }

    /**
     * doveadm's seven lines, then, only where this node leaves a kind of server-wide data out
     * (users with a read-only user base), one line for it: a line doveadm never prints, so a
     * script reading the seven finds them unchanged.
     */
    public static String summary(QueueSummary summary, Map<String, String> notReplicated) {
        StringBuilder text = new StringBuilder();
        line(text, "Queued 'sync' requests", summary.queued(Priority.SYNC));
        line(text, "Queued 'high' requests", summary.queued(Priority.HIGH));
        line(text, "Queued 'low' requests", summary.queued(Priority.LOW));
        line(text, "Queued 'failed' requests", summary.queuedFailed());
        line(text, "Queued 'full resync' requests", summary.queued(Priority.FULL));
        line(text, "Waiting 'failed' requests", summary.waitingFailed());
        line(text, "Total number of known users", summary.knownUsers());
        notReplicated.forEach((kind, why) -> text.append("Not replicated: ").append(kind).append(" (").append(why).append(")\n"));
        return text.toString();
    }

    private static void line(StringBuilder text, String label, int value) {
        text.append(String.format(Locale.ROOT, "%-29s %d\n", label, value));
    }

    /** {@code doveadm replicator status MASK}, with 2.3's last column, {@code next sync secs}. */
    public static String users(List<UserStatus> users, Instant now, Duration fullSyncInterval) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("username", "priority", "fast sync", "full sync", "success sync", "failed", "next sync secs"));
        for (UserStatus user : users) {
            rows.add(List.of(user.user(), priority(user), since(user.lastFastSync(), now), since(user.lastFullSync(), now),
                since(user.lastSuccess(), now), user.failed() ? "y" : "-",
                user.noReplicate() ? "-" : clock(untilNextSync(user, now, fullSyncInterval))));
        }
        return table(rows);
    }

    /**
     * {@code doveadm replicator dsync-status}: one line per worker, busy ones first, in doveadm's
     * words: a busy one names its user, the type of sync and "Waiting for dsync to finish"; an
     * idle one has no user, type "-" and "Idle".
     */
    public static String sessions(List<UserStatus> running, int workers) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("username", "type", "status"));
        for (UserStatus user : running) {
            ReplicationQueue.Claim claim = user.running().orElseThrow();
            rows.add(List.of(user.user(), claim.full() ? "full" : "incremental", RUNNING));
        }
        for (int idle = running.size(); idle < workers; idle++) {
            rows.add(List.of("", "-", IDLE));
        }
        return table(rows);
    }

    /** {@code replicator noreplicate}: each mask, where it is set, and when it was added through WebAdmin. */
    public static String noReplicate(List<NoReplicateList.Entry> entries) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("mask", "source", "added"));
        for (NoReplicateList.Entry entry : entries) {
            rows.add(List.of(entry.mask().text(), entry.source() == NoReplicateList.Source.CONFIG ? "replication.xml" : "webadmin",
                entry.addedAt().map(Object::toString).orElse("-")));
        }
        return table(rows);
    }

    /**
     * The priority column: {@code noreplicate} for a user this node leaves out of replication,
     * {@code noreplicate-twin} for one the twin refused as left out there (no doveadm has these).
     */
    static String priority(UserStatus user) {
        if (user.noReplicate()) {
            return NO_REPLICATE;
        }
        if (user.twinRefusal().isPresent()) {
            return NO_REPLICATE_TWIN;
        }
        return user.pending().map(priority -> priority == Priority.FULL ? "full" : priority.name().toLowerCase(Locale.ROOT))
            .orElse("none");
    }

    /**
     * Dovecot's {@code next sync secs}: none for a user owed a sync now (or syncing), the rest of
     * its wait after a failure, else until its next full sync is due.
     */
    static Duration untilNextSync(UserStatus user, Instant now, Duration fullSyncInterval) {
        if (user.syncing()) {
            return Duration.ZERO;
        }
        if (user.pending().isPresent()) {
            return user.nextAttempt().map(at -> Duration.between(now, at)).orElse(Duration.ZERO);
        }
        return user.lastFullSync().map(last -> Duration.between(now, last.plus(fullSyncInterval))).orElse(Duration.ZERO);
    }

    static String since(Optional<Instant> when, Instant now) {
        return when.map(at -> clock(Duration.between(at, now))).orElse("-");
    }

    /** hh:mm:ss, hours unbounded (a day is 24:00:00). */
    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    /** doveadm's table printer (doveadm-print-table.c), but for the two differences said above. */
    static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        int total = columns - 1;
        for (int width : widths) {
            total += width;
        }
        if (total < COLUMNS) {
            // The first column is the one doveadm lets expand (the username).
            widths[0] += (COLUMNS - total) / 2;
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                if (i > 0) {
                    line.append(' ');
                }
                line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
