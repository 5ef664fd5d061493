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
 * Walks the journal's hash chain from the first link and reports every break: stored bytes (a request
 * or an answer) that no longer match their digest, a link whose hash does not recompute, a link that
 * does not point at its predecessor's hash, a gap in the sequence, an answer without its exchange
 * before it, or a chain head that is not the last link.
 *
 * <p>Exchange records and answers are two tables of one chain: both are read in sequence order and
 * merged, so memory stays constant whatever the journal's size.
 */
public final class ChainVerifier {

    private final DataSource dataSource;

    public ChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One break in the chain, named by the exchange it was found at. */
    public record Break(long sequence, String exchangeId, String what) {
    }

    /** A link read back with what the stored columns say beside it. */
    private record Stored(ChainEntry link, String storedHash, byte[] bytes, String digest, Versions versions) {

        /** What the link is, in a break's description. */
        String noun() {
            return link instanceof ChainLink ? "record" : "answer";
        }

        /** What its stored bytes are. */
        String bytesNoun() {
            return link instanceof ChainLink ? "request" : "answer";
        }
    }

    /** Returns every break found, in chain order; an empty list means the chain is intact. */
    public List<Break> verify() {
        return verify(1, Long.MAX_VALUE);
    }

    /**
     * Returns every break found among the links numbered {@code first} to {@code last} (inclusive), in
     * chain order. The first link must follow the stored link before it; the chain head is checked
     * only when the range reaches the end of the chain.
     */
    public List<Break> verify(long first, long last) {
        List<Break> breaks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement exchanges = connection.prepareStatement(
                        "SELECT sequence, id, recu_le, operation, emetteur, empreinte_certificat, identifiant_envoi, "
                                + "verdict, code_erreur, empreinte_requete, motifs, hash_precedent, hash, requete, "
                                + "format_chaine, version_regles, version_transformation, version_listes "
                                + "FROM echange WHERE sequence BETWEEN ? AND ? ORDER BY sequence");
                PreparedStatement responses = connection.prepareStatement(
                        "SELECT r.sequence, r.echange_id, r.envoyee_le, r.nature, r.empreinte_reponse, r.hash_precedent, "
                                + "r.hash, r.reponse, e.sequence FROM reponse r LEFT JOIN echange e ON e.id = r.echange_id "
                                + "WHERE r.sequence BETWEEN ? AND ? ORDER BY r.sequence")) {
            for (PreparedStatement select : List.of(exchanges, responses)) {
                select.setLong(1, first);
                select.setLong(2, last);
            }
            long expected = first;
            String previous = first == 1 ? ChainEntry.GENESIS : hashAt(connection, first - 1);
            try (ResultSet exchangeRows = exchanges.executeQuery(); ResultSet responseRows = responses.executeQuery()) {
                Stored exchange = nextExchange(exchangeRows);
                Stored response = nextResponse(responseRows);
                while (exchange != null || response != null) {
                    Stored current;
                    if (response == null || exchange != null && exchange.link().sequence() < response.link().sequence()) {
                        current = exchange;
                        exchange = nextExchange(exchangeRows);
                    } else {
                        current = response;
                        long answered = responseRows.getLong(9);
                        if (responseRows.wasNull() || answered > current.link().sequence()) {
                            breaks.add(breakAt(current, "answer without its exchange record before it"));
                        }
                        response = nextResponse(responseRows);
                    }
                    check(current, expected, previous, breaks);
                    previous = current.storedHash();
                    expected = current.link().sequence() + 1;
                }
            }
            if (last == Long.MAX_VALUE) {
                checkHead(connection, expected - 1, previous, breaks);
            }
        } catch (SQLException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "journal");
        }
        return breaks;
    }

    private static void check(Stored stored, long expected, String previous, List<Break> breaks) {
        ChainEntry link = stored.link();
        if (link.sequence() != expected) {
            breaks.add(breakAt(stored, "sequence " + link.sequence() + " where " + expected + " was expected"));
        }
        if (!Sha256.hex(stored.bytes()).equals(stored.digest())) {
            breaks.add(breakAt(stored, "stored " + stored.bytesNoun() + " does not match its digest"));
        }
        if (link instanceof ChainLink record && ChainLink.FORMAT_V1.equals(record.format())
                && stored.versions() != null) {
            breaks.add(breakAt(stored, "versions added to a record of the first format"));
        }
        if (!link.previousHash().equals(previous)) {
            breaks.add(breakAt(stored, stored.noun() + " does not follow the previous link"));
        }
        if (!link.hash().equals(stored.storedHash())) {
            breaks.add(breakAt(stored, stored.noun() + " altered: hash does not recompute"));
        }
    }

    private static Break breakAt(Stored stored, String what) {
        return new Break(stored.link().sequence(), stored.link().exchangeId(), what);
    }

    private static Stored nextExchange(ResultSet row) throws SQLException {
        if (!row.next()) {
            return null;
        }
        String format = row.getString(15);
        Versions versions = row.getString(16) == null && row.getString(17) == null && row.getString(18) == null ? null
                : new Versions(row.getString(16), row.getString(17), row.getString(18));
        ChainLink link = new ChainLink(format, row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                row.getString(9), row.getString(10), row.getString(11),
                versions == null ? new Versions(null, null, null) : versions, row.getString(12));
        return new Stored(link, row.getString(13), row.getBytes(14), link.requestDigest(), versions);
    }

    private static Stored nextResponse(ResultSet row) throws SQLException {
        if (!row.next()) {
            return null;
        }
        ResponseLink link = new ResponseLink(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
                row.getString(4), row.getString(5), row.getString(6));
        return new Stored(link, row.getString(7), row.getBytes(8), link.responseDigest(), null);
    }

    /** The stored hash of the link at {@code sequence}: where a partial walk starts from. */
    private static String hashAt(Connection connection, long sequence) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT hash FROM chaine WHERE sequence = ?")) {
            select.setLong(1, sequence);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : "(no link " + sequence + ")";
            }
        }
    }

    private static void checkHead(Connection connection, long lastSequence, String lastHash, List<Break> breaks)
            throws SQLException {
        try (PreparedStatement head = connection.prepareStatement("SELECT sequence, hash FROM chaine_tete WHERE id = 1");
                ResultSet row = head.executeQuery()) {
            if (!row.next() || row.getLong(1) != lastSequence || !row.getString(2).equals(lastHash)) {
                breaks.add(new Break(lastSequence, null, "chain head does not match the last link (links removed?)"));
            }
        }
    }
}
