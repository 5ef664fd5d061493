package ma.pmogateway.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.security.KeyMaterial;

/**
 * The signed checkpoints of the journal's hash chain (table {@code point_controle}): writes one for the
 * current chain head when it has moved since the last one, and lists them for {@code audit verify}.
 *
 * <p>As a {@link Runnable} it is the task the gateway schedules every
 * {@code audit.checkpoint-interval-seconds}: each run writes at most one checkpoint and never throws
 * (a failure is logged and the next run tries again). Several nodes may run it; a duplicate checkpoint
 * of the same head is harmless.
 */
public final class Checkpoints implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    private final DataSource dataSource;
    private final CheckpointSigner signer;
    private final Clock clock;

    /** Creates the checkpoint store of the journal in {@code dataSource}, signing with {@code signer}. */
    public Checkpoints(DataSource dataSource, CheckpointSigner signer, Clock clock) {
        this.dataSource = dataSource;
        this.signer = signer;
        this.clock = clock;
    }

    /** Returns the checkpoint store of {@code dataSource} signing with the gateway identity {@code identity}. */
    public static Checkpoints of(DataSource dataSource, KeyMaterial identity) {
        return new Checkpoints(dataSource, new CheckpointSigner(identity.privateKey(), identity.certificate()),
                Clock.systemUTC());
    }

    /** One stored checkpoint: its id, the columns as stored, and the signed document. */
    public record Stored(long id, long sequence, String hash, byte[] signedDocument) {
    }

    /** Writes a checkpoint of the chain head if the head moved since the last one; logs, never throws. */
    @Override
    public void run() {
        try {
            writeIfHeadMoved().ifPresent(id -> LOG.info("journal checkpoint {} written", id));
        } catch (RuntimeException e) {
            LOG.error("journal checkpoint not written", e);
        }
    }

    /**
     * Signs and stores the current chain head, unless the chain is empty or the last checkpoint already
     * covers it; returns the new checkpoint's id.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read or written
     */
    public Optional<Long> writeIfHeadMoved() {
        try (Connection connection = dataSource.getConnection()) {
            long sequence;
            String hash;
            try (PreparedStatement head = connection.prepareStatement(
                    "SELECT sequence, hash FROM chaine_tete WHERE id = 1"); ResultSet row = head.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                sequence = row.getLong(1);
                hash = row.getString(2);
            }
            if (sequence == 0 || sequence <= lastCheckpointedSequence(connection)) {
                return Optional.empty();
            }
            CheckpointSigner.Checkpoint checkpoint = new CheckpointSigner.Checkpoint(sequence, hash, clock.instant());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO point_controle (sequence, hash, signe_le, signature) VALUES (?, ?, ?, ?)",
                    new String[] {"id"})) {
                insert.setLong(1, sequence);
                insert.setString(2, hash);
                insert.setTimestamp(3, Timestamp.from(checkpoint.signedAt()));
                insert.setBytes(4, signer.sign(checkpoint));
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    return keys.next() ? Optional.of(keys.getLong(1)) : Optional.empty();
                }
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "point_controle");
        }
    }

    /**
     * Returns every checkpoint stored in the journal of {@code dataSource}, oldest first.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read
     */
    public static List<Stored> all(DataSource dataSource) {
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
     * Returns when the latest checkpoint of the journal of {@code dataSource} was signed, if there is one.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be read
     */
    public static Optional<Instant> latestSignedAt(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT MAX(signe_le) FROM point_controle");
                ResultSet row = select.executeQuery()) {
            Timestamp latest = row.next() ? row.getTimestamp(1) : null;
            return Optional.ofNullable(latest).map(Timestamp::toInstant);
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "point_controle");
        }
    }

    private static long lastCheckpointedSequence(Connection connection) throws SQLException {
        try (PreparedStatement last = connection.prepareStatement("SELECT MAX(sequence) FROM point_controle");
                ResultSet row = last.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }
}
