package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The head of the one hash chain (the single row of {@code chaine_tete}). A writer locks it, builds its
 * link on it, stores the link and advances it, all in its transaction; other writers, on any node
 * sharing the database, wait for the lock, so links are appended one after the other.
 */
final class ChainHead {

    /** Where the next link goes: its sequence and the hash it must point at. */
    record Position(long nextSequence, String previousHash) {
    }

    private ChainHead() {
    }

    /** Locks the head until the end of {@code connection}'s transaction and returns the next position. */
    static Position lock(Connection connection) throws SQLException {
        try (PreparedStatement head = connection.prepareStatement(
                "SELECT sequence, hash FROM chaine_tete WHERE id = 1 FOR UPDATE");
                ResultSet row = head.executeQuery()) {
            row.next();
            return new Position(row.getLong(1) + 1, row.getString(2));
        }
    }

    /** Makes {@code link}, just stored, the head of the chain. */
    static void advance(Connection connection, ChainEntry link) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(
                "UPDATE chaine_tete SET sequence = ?, hash = ? WHERE id = 1")) {
            advance.setLong(1, link.sequence());
            advance.setString(2, link.hash());
            advance.executeUpdate();
        }
    }
}
