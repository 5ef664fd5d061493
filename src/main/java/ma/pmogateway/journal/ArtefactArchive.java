package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The archive of the stylesheet, code-list and rule sets the gateway has run (table {@code artefact}):
 * each set once, its files in their order, under the SHA-256 that its identifier ({@code …;sha256=hex})
 * records with every exchange, so that an audit can re-run the exact versions a record names.
 *
 * <p>The archive is not trusted: whoever reads a set back must recompute its digest and compare it with
 * the identifier recorded in the hash chain. Several nodes may start at once: the first writer wins.
 */
public final class ArtefactArchive {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String DIGEST_MARK = ";sha256=";

    private final DataSource dataSource;

    public ArtefactArchive(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Keeps the set {@code identifier} made of {@code files} (names to contents, in order), unless it is
     * archived already.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be written
     */
    public void keep(String identifier, Map<String, byte[]> files, Instant since) {
        String digest = digestOf(identifier);
        try {
            Transactions.run(dataSource, "artefact", connection -> {
                if (archived(connection, digest)) {
                    return;
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO artefact (empreinte_ensemble, identifiant, rang, nom, contenu, premiere_utilisation) "
                                + "VALUES (?, ?, ?, ?, ?, ?)")) {
                    int rank = 0;
                    for (Map.Entry<String, byte[]> file : files.entrySet()) {
                        insert.setString(1, digest);
                        insert.setString(2, identifier);
                        insert.setInt(3, ++rank);
                        insert.setString(4, file.getKey());
                        insert.setBytes(5, file.getValue());
                        insert.setTimestamp(6, Timestamp.from(since.truncatedTo(ChronoUnit.MILLIS)));
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            });
        } catch (GatewayException e) {
            // Another node archived the same set between our check and our insert: its copy stands.
            if (!(e.getCause() instanceof SQLException sql && isUniqueViolation(sql))) {
                throw e;
            }
        }
    }

    /**
     * Returns the files of the set {@code identifier} recorded with an exchange, in order, if archived
     * (never for an identifier without a digest, which names no set that could be checked).
     */
    public Optional<Map<String, byte[]>> files(String identifier) {
        if (!identifier.contains(DIGEST_MARK)) {
            return Optional.empty();
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT nom, contenu FROM artefact WHERE empreinte_ensemble = ? ORDER BY rang")) {
            select.setString(1, digestOf(identifier));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    files.put(rows.getString(1), rows.getBytes(2));
                }
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "artefact");
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(files);
    }

    /** The hex SHA-256 part of an identifier {@code …;sha256=hex}. */
    private static String digestOf(String identifier) {
        int mark = identifier.lastIndexOf(DIGEST_MARK);
        if (mark < 0) {
            throw new IllegalArgumentException("not a set identifier: " + identifier);
        }
        return identifier.substring(mark + DIGEST_MARK.length());
    }

    private static boolean archived(Connection connection, String digest) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT 1 FROM artefact WHERE empreinte_ensemble = ?")) {
            select.setString(1, digest);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
