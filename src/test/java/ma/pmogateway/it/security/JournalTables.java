package ma.pmogateway.it.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import ma.pmogateway.it.TestGateway;

/**
 * Reads a test gateway's embedded journal directly, for what {@code Journal} does not offer: every
 * exchange recorded for one batch id.
 */
final class JournalTables {

    private JournalTables() {
    }

    /** Returns the verdicts (ACCEPTE, DOUBLON) of the exchanges that recorded batch {@code batchId}, oldest first. */
    static List<String> verdictsOfBatch(TestGateway gateway, String batchId) {
        try (Connection connection = gateway.journalConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT verdict FROM echange WHERE identifiant_envoi = ? ORDER BY recu_le")) {
            select.setString(1, batchId);
            List<String> verdicts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    verdicts.add(rows.getString(1));
                }
            }
            return verdicts;
        } catch (SQLException e) {
            throw new IllegalStateException("journal of " + gateway.dataDir(), e);
        }
    }
}
