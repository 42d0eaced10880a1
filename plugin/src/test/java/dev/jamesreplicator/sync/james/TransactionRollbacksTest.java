package dev.jamesreplicator.sync.james;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;

import org.apache.james.mailbox.exception.MailboxException;
import org.junit.jupiter.api.Test;

class TransactionRollbacksTest {

    @Test
    void aDeadlockVictimDeepInTheCausesWasRolledBack() {
        // As James wraps OpenJPA's commit failure that wraps Derby's.
        Exception derby = new SQLTransactionRollbackException("A lock could not be obtained due to a deadlock", "40001");
        assertThat(TransactionRollbacks.rolledBack(new MailboxException("Commit of transaction failed",
            new RuntimeException("store error", derby)))).isTrue();
    }

    @Test
    void aLockTimeoutAndPostgresDeadlockAreRollbacksByTheirState() {
        assertThat(TransactionRollbacks.rolledBack(new RuntimeException(new SQLException("lock timeout", "40XL1")))).isTrue();
        assertThat(TransactionRollbacks.rolledBack(new RuntimeException(new SQLException("deadlock detected", "40P01")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(TransactionRollbacks.rolledBack(new MailboxException("no such mailbox"))).isFalse();
        assertThat(TransactionRollbacks.rolledBack(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(TransactionRollbacks.rolledBack(new RuntimeException(new SQLException("no state")))).isFalse();
    }
}
