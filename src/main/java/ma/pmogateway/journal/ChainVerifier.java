package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.support.Sha256;

/**
 * Walks the journal's hash chain from the first record and reports every break: a stored request
 * whose bytes no longer match their digest, a record whose hash does not recompute, a record that
 * does not point at its predecessor's hash, a gap in the sequence, or a chain head that is not the
 * last record.
 */
public final class ChainVerifier {

    private final DataSource dataSource;

    public ChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One break in the chain, named by the exchange it was found at. */
    public record Break(long sequence, String exchangeId, String what) {
    }

    /** Returns every break found, in chain order; an empty list means the chain is intact. */
    public List<Break> verify() {
        List<Break> breaks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT sequence, id, recu_le, operation, emetteur, empreinte_certificat, identifiant_envoi, "
                                + "verdict, code_erreur, empreinte_requete, motifs, hash_precedent, hash, requete "
                                + "FROM echange ORDER BY sequence")) {
            long expected = 1;
            String previous = ChainLink.GENESIS;
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    long sequence = row.getLong(1);
                    String id = row.getString(2);
                    if (sequence != expected) {
                        breaks.add(new Break(sequence, id, "sequence " + sequence + " where " + expected + " was expected"));
                    }
                    ChainLink link = new ChainLink(sequence, id, row.getTimestamp(3).toInstant(), row.getString(4),
                            row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getString(9),
                            row.getString(10), row.getString(11), row.getString(12));
                    if (!Sha256.hex(row.getBytes(14)).equals(link.requestDigest())) {
                        breaks.add(new Break(sequence, id, "stored request does not match its digest"));
                    }
                    if (!link.previousHash().equals(previous)) {
                        breaks.add(new Break(sequence, id, "does not follow the previous record"));
                    }
                    if (!link.hash().equals(row.getString(13))) {
                        breaks.add(new Break(sequence, id, "record altered: hash does not recompute"));
                    }
                    previous = row.getString(13);
                    expected = sequence + 1;
                }
            }
            checkHead(connection, expected - 1, previous, breaks);
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "journal");
        }
        return breaks;
    }

    private static void checkHead(Connection connection, long lastSequence, String lastHash, List<Break> breaks)
            throws SQLException {
        try (PreparedStatement head = connection.prepareStatement("SELECT sequence, hash FROM chaine_tete WHERE id = 1");
                ResultSet row = head.executeQuery()) {
            if (!row.next() || row.getLong(1) != lastSequence || !row.getString(2).equals(lastHash)) {
                breaks.add(new Break(lastSequence, null, "chain head does not match the last record (records removed?)"));
            }
        }
    }
}
