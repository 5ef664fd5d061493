package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/** Runs a unit of work on one connection in one transaction: all of it is committed, or none of it. */
public final class Transactions {

    /** A unit of work on the transaction's connection. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} and commits; on any failure rolls back.
     *
     * @param subject what the work is about, named in the error (an exchange id, "outbox")
     * @throws GatewayException {@link ErrorCode#SERVICE_INDISPONIBLE} if the database is out of reach,
     *                          {@link ErrorCode#ERREUR_INTERNE} if it fails otherwise (see {@link DatabaseFailures})
     */
    public static void run(DataSource dataSource, Object subject, Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, subject);
        }
    }

    /**
     * Rolls back the transaction {@code failure} interrupted, keeping {@code failure} as the reason: on a
     * lost connection the rollback fails too ("connection is closed"), and must not hide why.
     */
    public static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailed) {
            failure.addSuppressed(rollbackFailed);
        }
    }
}
