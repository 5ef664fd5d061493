package ma.pmogateway.journal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;

/**
 * What a failed database call means to the caller: a database out of reach (no connection within
 * {@code database.connection-timeout-seconds}, a connection lost) is {@link ErrorCode#SERVICE_INDISPONIBLE},
 * a Receiver fault the caller retries later with the same batch; any other failure is
 * {@link ErrorCode#ERREUR_INTERNE}. Either way nothing of the failed transaction was kept.
 */
public final class DatabaseFailures {

    /** SQL state class 08: connection exception (SQL:2016, used by PostgreSQL and H2 alike). */
    private static final String CONNECTION_EXCEPTION = "08";
    /** PostgreSQL's 57P01-57P03: the server is shutting down, crashed, or not accepting connections yet. */
    private static final String SERVER_GOING_AWAY = "57P0";

    private DatabaseFailures() {
    }

    /** Returns the gateway's error for {@code failure} of a call about {@code subject} (an id, a table). */
    public static GatewayException of(SQLException failure, Object subject) {
        return new GatewayException(unreachable(failure) ? Reason.UNAVAILABLE : Reason.INTERNAL, failure, subject);
    }

    private static boolean unreachable(SQLException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith(CONNECTION_EXCEPTION)
                                    || sql.getSQLState().startsWith(SERVER_GOING_AWAY))) {
                return true;
            }
        }
        return false;
    }
}
