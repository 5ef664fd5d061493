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
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database fails
     */
    public static void run(DataSource dataSource, Object subject, Work work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, subject);
        }
    }
}
