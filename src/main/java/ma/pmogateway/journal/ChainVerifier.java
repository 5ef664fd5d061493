package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        List<Break> breaks = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement exchanges = connection.prepareStatement(
                        "SELECT sequence, id, recu_le, operation, emetteur, empreinte_certificat, identifiant_envoi, "
                                + "verdict, code_erreur, empreinte_requete, motifs, hash_precedent, hash, requete, "
                                + "format_chaine, version_regles, version_transformation, version_listes "
                                + "FROM echange ORDER BY sequence");
                PreparedStatement responses = connection.prepareStatement(
                        "SELECT sequence, echange_id, envoyee_le, nature, empreinte_reponse, hash_precedent, hash, "
                                + "reponse FROM reponse ORDER BY sequence");
                ResultSet exchangeRows = exchanges.executeQuery();
                ResultSet responseRows = responses.executeQuery()) {
            long expected = 1;
            String previous = ChainEntry.GENESIS;
            Set<String> exchangesSeen = new HashSet<>();
            Stored exchange = nextExchange(exchangeRows);
            Stored response = nextResponse(responseRows);
            while (exchange != null || response != null) {
                Stored current;
                if (response == null || exchange != null && exchange.link().sequence() < response.link().sequence()) {
                    current = exchange;
                    exchangesSeen.add(current.link().exchangeId());
                    exchange = nextExchange(exchangeRows);
                } else {
                    current = response;
                    if (!exchangesSeen.contains(current.link().exchangeId())) {
                        breaks.add(breakAt(current, "answer without its exchange record before it"));
                    }
                    response = nextResponse(responseRows);
                }
                check(current, expected, previous, breaks);
                previous = current.storedHash();
                expected = current.link().sequence() + 1;
            }
            checkHead(connection, expected - 1, previous, breaks);
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
