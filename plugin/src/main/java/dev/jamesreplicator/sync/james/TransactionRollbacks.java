package dev.jamesreplicator.sync.james;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;

/**
 * Tells a write the database gave up and rolled back (a deadlock's victim, a lock wait timed out:
 * SQLSTATE class 40) from other failures. Such a write changed nothing and may simply run again.
 */
final class TransactionRollbacks {
    /** How often a write the database rolled back runs in all before the session gives up. */
    static final int ATTEMPTS = 5;

    private TransactionRollbacks() {
    }

    static boolean rolledBack(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransactionRollbackException) {
                return true;
            }
            if (cause instanceof SQLException) {
                String state = ((SQLException) cause).getSQLState();
                if (state != null && state.startsWith("40")) {
                    return true;
                }
            }
        }
        return false;
    }
}
