package dev.jamesreplicator.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.jamesreplicator.replicator.Priority;
import dev.jamesreplicator.replicator.ReplicationQueue;
import dev.jamesreplicator.replicator.UserStatus;

/**
 * The replicator's status as {@code doveadm replicator} prints it, so administrators who know
 * Dovecot read it at a glance and their scripts keep working: the seven summary lines, and
 * tables whose columns are separated by two spaces, times as hh:mm:ss since (or until) now.
 */
public final class DoveadmText {
    private DoveadmText() {
    }

    public static String summary(ReplicationQueue.Summary summary) {
        StringBuilder text = new StringBuilder();
        line(text, "Queued 'sync' requests", summary.queued(Priority.SYNC));
        line(text, "Queued 'high' requests", summary.queued(Priority.HIGH));
        line(text, "Queued 'low' requests", summary.queued(Priority.LOW));
        line(text, "Queued 'failed' requests", summary.queuedFailed());
        line(text, "Queued 'full resync' requests", summary.queued(Priority.FULL));
        line(text, "Waiting 'failed' requests", summary.waitingFailed());
        line(text, "Total number of known users", summary.knownUsers());
        return text.toString();
    }

    private static void line(StringBuilder text, String label, int value) {
        text.append(String.format(Locale.ROOT, "%-29s %d\n", label, value));
    }

    /** {@code doveadm replicator status MASK}, plus a "next sync" column. */
    public static String users(List<UserStatus> users, Instant now, Duration fullSyncInterval) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("username", "priority", "fast sync", "full sync", "success sync", "failed", "next sync"));
        for (UserStatus user : users) {
            rows.add(List.of(user.user(), priority(user), since(user.lastFastSync(), now), since(user.lastFullSync(), now),
                since(user.lastSuccess(), now), user.failed() ? "y" : "-", nextSync(user, now, fullSyncInterval)));
        }
        return table(rows);
    }

    /** {@code doveadm replicator dsync-status}: one line per worker, busy ones first. */
    public static String sessions(List<UserStatus> running, int workers, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("username", "type", "status"));
        for (UserStatus user : running) {
            ReplicationQueue.Claim claim = user.running().orElseThrow();
            rows.add(List.of(user.user(), claim.full() ? "full" : "incremental",
                "syncing (" + claim.priority().name().toLowerCase(Locale.ROOT) + ") for " + clock(Duration.between(claim.takenAt(), now))));
        }
        for (int idle = running.size(); idle < workers; idle++) {
            rows.add(List.of("-", "-", "Idle"));
        }
        return table(rows);
    }

    static String priority(UserStatus user) {
        return user.pending().map(priority -> priority == Priority.FULL ? "full" : priority.name().toLowerCase(Locale.ROOT))
            .orElse("none");
    }

    static String nextSync(UserStatus user, Instant now, Duration fullSyncInterval) {
        if (user.syncing()) {
            return "running";
        }
        if (user.pending().isPresent()) {
            return user.nextAttempt().map(at -> "in " + clock(Duration.between(now, at))).orElse("now");
        }
        return user.lastFullSync()
            .map(last -> {
                Duration until = Duration.between(now, last.plus(fullSyncInterval));
                return until.isNegative() ? "now" : "full in " + clock(until);
            })
            .orElse("-");
    }

    static String since(Optional<Instant> when, Instant now) {
        return when.map(at -> clock(Duration.between(at, now))).orElse("-");
    }

    /** hh:mm:ss, hours unbounded (a day is 24:00:00). */
    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }

    private static String table(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row.get(i));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
                }
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
