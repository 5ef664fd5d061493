package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import ma.pmogateway.support.Sha256;

/**
 * Walks the journal's hash chain and reports every break: stored bytes (a request, an answer, a
 * delivered message or the PMO's acknowledgement) that no longer match their digest, a link whose hash
 * does not recompute, a link that does not point at its predecessor's hash, a gap in the sequence, an
 * answer or delivery without its exchange's record before it, or a chain head that is not the last link.
 *
 * <p>Exchange records, answers and deliveries are three tables of one chain: each is read in sequence
 * order and the three are merged, so memory stays constant whatever the journal's size.
 */
public final class ChainVerifier {

    private static final String EXCHANGES = "SELECT sequence, id, recu_le, operation, emetteur, empreinte_certificat, "
            + "identifiant_envoi, verdict, code_erreur, empreinte_requete, motifs, hash_precedent, hash, requete, "
            + "format_chaine, version_regles, version_transformation, version_listes "
            + "FROM echange WHERE sequence BETWEEN ? AND ? ORDER BY sequence";
    private static final String ANSWERS = "SELECT r.sequence, r.echange_id, r.envoyee_le, r.nature, "
            + "r.empreinte_reponse, r.hash_precedent, r.hash, r.reponse, e.sequence "
            + "FROM reponse r LEFT JOIN echange e ON e.id = r.echange_id "
            + "WHERE r.sequence BETWEEN ? AND ? ORDER BY r.sequence";
    private static final String DELIVERIES = "SELECT l.sequence, l.echange_id, l.livre_le, l.empreinte_message, "
            + "l.empreinte_accuse, l.hash_precedent, l.hash, l.message_envoye, l.accuse_recu, e.sequence "
            + "FROM livraison l LEFT JOIN echange e ON e.id = l.echange_id "
            + "WHERE l.sequence BETWEEN ? AND ? ORDER BY l.sequence";

    private final DataSource dataSource;

    public ChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One break in the chain, named by the exchange it was found at. */
    public record Break(long sequence, String exchangeId, String what) {
    }

    /** Stored bytes and the digest the link holds for them. */
    private record Evidence(String noun, byte[] bytes, String digest) {
    }

    /**
     * A link rebuilt from its stored columns, with its stored hash, its stored bytes, and whether it
     * comes after its exchange's record (always true of a record itself).
     */
    private record Stored(ChainEntry link, String storedHash, List<Evidence> evidence, Versions versions,
            boolean followsItsExchange) {

        /** What the link is, in a break's description. */
        String noun() {
            if (link instanceof ChainLink) {
                return "record";
            }
            return link instanceof ResponseLink ? "answer" : "delivery";
        }
    }

    /** Reads one link from the current row of its table's query. */
    @FunctionalInterface
    private interface RowReader {
        Stored read(ResultSet row) throws SQLException;
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
                PreparedStatement exchanges = ranged(connection, EXCHANGES, first, last);
                PreparedStatement answers = ranged(connection, ANSWERS, first, last);
                PreparedStatement deliveries = ranged(connection, DELIVERIES, first, last);
                ResultSet exchangeRows = exchanges.executeQuery();
                ResultSet answerRows = answers.executeQuery();
                ResultSet deliveryRows = deliveries.executeQuery()) {
            List<Cursor> cursors = List.of(new Cursor(exchangeRows, ChainVerifier::exchange),
                    new Cursor(answerRows, ChainVerifier::answer), new Cursor(deliveryRows, ChainVerifier::delivery));
            long expected = first;
            String previous = first == 1 ? ChainEntry.GENESIS : hashAt(connection, first - 1);
            for (Stored stored = next(cursors); stored != null; stored = next(cursors)) {
                check(stored, expected, previous, breaks);
                previous = stored.storedHash();
                expected = stored.link().sequence() + 1;
            }
            if (last == Long.MAX_VALUE) {
                checkHead(connection, expected - 1, previous, breaks);
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "journal");
        }
        return breaks;
    }

    /** One table's links, in sequence order, one ahead. */
    private static final class Cursor {
        private final ResultSet rows;
        private final RowReader reader;
        private Stored current;

        Cursor(ResultSet rows, RowReader reader) throws SQLException {
            this.rows = rows;
            this.reader = reader;
            advance();
        }

        void advance() throws SQLException {
            current = rows.next() ? reader.read(rows) : null;
        }
    }

    /** Returns the link with the lowest sequence among the three tables, or null at the end. */
    private static Stored next(List<Cursor> cursors) throws SQLException {
        Cursor lowest = cursors.stream().filter(cursor -> cursor.current != null)
                .min(Comparator.comparingLong(cursor -> cursor.current.link().sequence())).orElse(null);
        if (lowest == null) {
            return null;
        }
        Stored stored = lowest.current;
        lowest.advance();
        return stored;
    }

    private static void check(Stored stored, long expected, String previous, List<Break> breaks) {
        ChainEntry link = stored.link();
        if (link.sequence() != expected) {
            breaks.add(breakAt(stored, "sequence " + link.sequence() + " where " + expected + " was expected"));
        }
        if (!stored.followsItsExchange()) {
            breaks.add(breakAt(stored, stored.noun() + " without its exchange record before it"));
        }
        for (Evidence evidence : stored.evidence()) {
            if (!Sha256.hex(evidence.bytes()).equals(evidence.digest())) {
                breaks.add(breakAt(stored, "stored " + evidence.noun() + " does not match its digest"));
            }
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

    private static Stored exchange(ResultSet row) throws SQLException {
        Versions versions = row.getString(16) == null && row.getString(17) == null && row.getString(18) == null ? null
                : new Versions(row.getString(16), row.getString(17), row.getString(18));
        ChainLink link = new ChainLink(row.getString(15), row.getLong(1), row.getString(2),
                row.getTimestamp(3).toInstant(), row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                row.getString(8), row.getString(9), row.getString(10), row.getString(11),
                versions == null ? new Versions(null, null, null) : versions, row.getString(12));
        return new Stored(link, row.getString(13), List.of(new Evidence("request", row.getBytes(14),
                link.requestDigest())), versions, true);
    }

    private static Stored answer(ResultSet row) throws SQLException {
        ResponseLink link = new ResponseLink(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
                row.getString(4), row.getString(5), row.getString(6));
        return new Stored(link, row.getString(7), List.of(new Evidence("answer", row.getBytes(8),
                link.responseDigest())), null, followsItsExchange(row, 9, link));
    }

    private static Stored delivery(ResultSet row) throws SQLException {
        DeliveryLink link = new DeliveryLink(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
                row.getString(4), row.getString(5), row.getString(6));
        return new Stored(link, row.getString(7), List.of(
                new Evidence("delivered message", row.getBytes(8), link.messageDigest()),
                new Evidence("PMO acknowledgement", row.getBytes(9), link.acknowledgementDigest())),
                null, followsItsExchange(row, 10, link));
    }

    /** Whether the exchange's record, whose sequence is in column {@code column}, comes before {@code link}. */
    private static boolean followsItsExchange(ResultSet row, int column, ChainEntry link) throws SQLException {
        long exchangeSequence = row.getLong(column);
        return !row.wasNull() && exchangeSequence < link.sequence();
    }

    private static PreparedStatement ranged(Connection connection, String sql, long first, long last)
            throws SQLException {
        PreparedStatement select = connection.prepareStatement(sql);
        select.setLong(1, first);
        select.setLong(2, last);
        return select;
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
