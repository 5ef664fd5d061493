package ma.pmogateway.journal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;

/**
 * What a failed database call means to the caller: a database out of reach (no connection within
 * {@code database.connection-timeout-seconds}, a connection lost) or too busy to answer now (a lock
 * not obtained in time, a deadlock or serialisation conflict the database broke by aborting this
 * transaction) is {@link ErrorCode#SERVICE_INDISPONIBLE}, a Receiver fault the caller retries later
 * with the same batch; any other failure is {@link ErrorCode#ERREUR_INTERNE}. Either way nothing of
 * the failed transaction was kept.
 */
public final class DatabaseFailures {

    /** SQL state class 08: connection exception (SQL:2016, used by PostgreSQL and H2 alike). */
    private static final String CONNECTION_EXCEPTION = "08";
    /** PostgreSQL's 57P01-57P03: the server is shutting down, crashed, or not accepting connections yet. */
    private static final String SERVER_GOING_AWAY = "57P0";
    /** Class 40: transaction rollback (40001 serialisation failure, PostgreSQL's 40P01 deadlock). */
    private static final String ROLLED_BACK = "40";
    /** PostgreSQL's 55P03 lock_not_available (a lock or statement timeout while waiting for a lock). */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    /** H2's error code for "Timeout trying to lock table" (SQL state HYT00). */
    private static final int H2_LOCK_TIMEOUT = 50200;

    private DatabaseFailures() {
    }

    /** Returns the gateway's error for {@code failure} of a call about {@code subject} (an id, a table). */
    public static GatewayException of(SQLException failure, Object subject) {
        return new GatewayException(unavailable(failure) ? Reason.UNAVAILABLE : Reason.INTERNAL, failure, subject);
    }

    private static boolean unavailable(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && (sql.getErrorCode() == H2_LOCK_TIMEOUT
                            || sql.getSQLState() != null && (sql.getSQLState().startsWith(CONNECTION_EXCEPTION)
                                    || sql.getSQLState().startsWith(SERVER_GOING_AWAY)
                                    || sql.getSQLState().startsWith(ROLLED_BACK)
                                    || sql.getSQLState().equals(LOCK_NOT_AVAILABLE)))) {
                return true;
            }
        }
        return false;
    }
}
