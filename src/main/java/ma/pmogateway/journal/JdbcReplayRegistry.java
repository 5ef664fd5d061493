package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.security.ReplayRegistry;
import ma.pmogateway.support.Sha256;

/**
 * The replay registry in the journal database, shared by every gateway node: the primary key makes
 * "first sighting" atomic across nodes and restarts.
 *
 * <p>Entries are kept until they expire and then purged by {@link #purgeExpired}: an expired entry
 * protects nothing, since the message's Timestamp has expired too. Identifiers are stored as their
 * SHA-256, so the table holds no signature values.
 */
public final class JdbcReplayRegistry implements ReplayRegistry {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public JdbcReplayRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean recordFirstSighting(String messageId, Instant expiresAt) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO rejeu (empreinte, expire_le) VALUES (?, ?)")) {
            insert.setString(1, Sha256.hex(messageId));
            insert.setTimestamp(2, Timestamp.from(expiresAt));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            // The database, not the message, failed: the sender should retry, not give up.
            throw new GatewayException(Reason.UNAVAILABLE, e);
        }
    }

    /** Deletes the entries that expired before {@code now} and returns how many. */
    public int purgeExpired(Instant now) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM rejeu WHERE expire_le < ?")) {
            delete.setTimestamp(1, Timestamp.from(now));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "rejeu");
        }
    }
}
