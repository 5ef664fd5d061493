package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;

/**
 * A lock not obtained in time is the gateway's passing trouble, answered SERVICE_INDISPONIBLE (the
 * caller retries the same batch), not ERREUR_INTERNE: the error each engine really raises when the
 * chain head stays locked by another transaction beyond the waiter's lock timeout.
 */
class LockContentionTest extends JournalOnEachDatabase {

    @Test
    void aLockTimeoutOnTheChainHeadIsAnsweredServiceUnavailable() throws Exception {
        try (Connection holder = database.dataSource().getConnection();
                Connection waiter = database.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            lockChainHead(holder);
            waiter.setAutoCommit(false);
            try (Statement timeout = waiter.createStatement()) {
                timeout.execute(kind == TestDatabase.H2 ? "SET LOCK_TIMEOUT 200" : "SET lock_timeout = '200ms'");
            }

            SQLException timedOut = assertThrows(SQLException.class, () -> lockChainHead(waiter));
            GatewayException answer = DatabaseFailures.of(timedOut, "chaine_tete");

            assertEquals(Reason.UNAVAILABLE, answer.reason(), timedOut.getSQLState() + " " + timedOut.getMessage());
            assertEquals(ErrorCode.SERVICE_INDISPONIBLE, answer.code());
            waiter.rollback();
            holder.rollback();
        }
    }

    private static void lockChainHead(Connection connection) throws SQLException {
        try (Statement lock = connection.createStatement()) {
            lock.executeQuery("SELECT sequence FROM chaine_tete WHERE id = 1 FOR UPDATE").close();
        }
    }
}
