package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The signed checkpoints of the hash chain (table {@code point_controle}): each the chain head's
 * sequence and hash at a moment, with the gateway's signed document stating them. Signing is the
 * audit's business; this store only reads the head and keeps what was signed.
 */
public final class CheckpointStore {

    private final DataSource dataSource;

    /** Creates the checkpoint store of the journal in {@code dataSource}. */
    public CheckpointStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One stored checkpoint: its id, the columns as stored, and the signed document. */
    public record Stored(long id, long sequence, String hash, byte[] signedDocument) {
    }

    /** The chain head: the last link's sequence and hash. */
    public record Head(long sequence, String hash) {
    }

    /**
     * Returns the chain head if the chain has moved since the last checkpoint (empty for an empty chain
     * or one the last checkpoint already covers).
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read
     */
    public Optional<Head> headNotCheckpointed() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement head = connection.prepareStatement("SELECT sequence, hash FROM chaine_tete WHERE id = 1");
                PreparedStatement last = connection.prepareStatement("SELECT MAX(sequence) FROM point_controle");
                ResultSet headRow = head.executeQuery();
                ResultSet lastRow = last.executeQuery()) {
            if (!headRow.next()) {
                return Optional.empty();
            }
            long sequence = headRow.getLong(1);
            long checkpointed = lastRow.next() ? lastRow.getLong(1) : 0;
            return sequence == 0 || sequence <= checkpointed ? Optional.empty()
                    : Optional.of(new Head(sequence, headRow.getString(2)));
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "point_controle");
        }
    }

    /**
     * Stores the checkpoint of {@code head} signed at {@code signedAt} as {@code signedDocument} and returns its id.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be written
     */
    public long store(Head head, Instant signedAt, byte[] signedDocument) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO point_controle (sequence, hash, signe_le, signature) VALUES (?, ?, ?, ?)",
                        new String[] {"id"})) {
            insert.setLong(1, head.sequence());
            insert.setString(2, head.hash());
            insert.setTimestamp(3, Timestamp.from(signedAt));
            insert.setBytes(4, signedDocument);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "point_controle");
        }
    }

    /**
     * Returns every stored checkpoint, oldest first.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read
     */
    public List<Stored> all() {
        List<Stored> checkpoints = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, sequence, hash, signature FROM point_controle ORDER BY id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                checkpoints.add(new Stored(row.getLong(1), row.getLong(2), row.getString(3), row.getBytes(4)));
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "point_controle");
        }
        return checkpoints;
    }

    /**
     * Returns when the latest checkpoint was signed, if there is one (the operator's "last checkpoint age").
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read
     */
    public Optional<Instant> latestSignedAt() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT MAX(signe_le) FROM point_controle");
                ResultSet row = select.executeQuery()) {
            Timestamp latest = row.next() ? row.getTimestamp(1) : null;
            return Optional.ofNullable(latest).map(Timestamp::toInstant);
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "point_controle");
        }
    }
}
