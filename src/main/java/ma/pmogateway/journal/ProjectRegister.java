package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The register of projects the journal has accepted records of: each project's owner
 * ({@code projet_proprietaire}: the entity of its first accepted fiche, until a head-office transfer),
 * where it lies ({@code projet_localisation}: as its last accepted fiche says) and its physical progress
 * at each as-of date ({@code projet_avancement}: as its accepted progress reports say).
 *
 * <p>The public methods read the register as committed; the others work inside the transaction that
 * accepts a batch or records a transfer, under the chain head's lock, so that what they read cannot
 * change before that transaction ends.
 */
public final class ProjectRegister {

    /** How many project codes one look-up of owners binds. */
    private static final int OWNERS_PER_QUERY = 200;

    private final DataSource dataSource;

    /** Creates the register of the journal in {@code dataSource}. */
    public ProjectRegister(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Returns the recorded owner of each of {@code projectCodes} that has one (a project with an accepted fiche). */
    public Map<String, String> ownersOf(Collection<String> projectCodes) {
        try (Connection connection = dataSource.getConnection()) {
            return owners(connection, projectCodes);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, projectCodes);
        }
    }

    /** Returns where {@code projectCode} lies according to its last accepted fiche (empty if unknown). */
    public Set<Place> placesOf(String projectCode) {
        try (Connection connection = dataSource.getConnection()) {
            return places(connection, projectCode);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, projectCode);
        }
    }

    /**
     * Returns the as-of date and physical progress of the last accepted progress report of
     * {@code projectCode} dated strictly before {@code asOf}, if any.
     */
    public Optional<Submission.Progress> lastProgressBefore(String projectCode, LocalDate asOf) {
        try (Connection connection = dataSource.getConnection()) {
            return lastProgress(connection, projectCode, asOf);
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, projectCode);
        }
    }

    static Optional<Submission.Progress> lastProgress(Connection connection, String projectCode, LocalDate asOf)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT date_arrete, avancement, montant_engage, montant_emis, montant_paye FROM projet_avancement "
                        + "WHERE code_projet = ? AND date_arrete < ? ORDER BY date_arrete DESC")) {
            select.setString(1, projectCode);
            select.setObject(2, asOf, Types.DATE);
            select.setMaxRows(1);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                // A report accepted before the amounts were journaled (V15) has none.
                Submission.Amounts amounts = row.getBigDecimal(3) == null ? null
                        : new Submission.Amounts(row.getBigDecimal(3), row.getBigDecimal(4), row.getBigDecimal(5));
                return Optional.of(new Submission.Progress(projectCode, row.getDate(1).toLocalDate(),
                        row.getBigDecimal(2), amounts));
            }
        }
    }

    static Set<Place> places(Connection connection, String projectCode) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT region, province FROM projet_localisation WHERE code_projet = ?")) {
            select.setString(1, projectCode);
            Set<Place> places = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    places.add(new Place(rows.getString(1), rows.getString(2)));
                }
            }
            return places;
        }
    }

    static Map<String, String> owners(Connection connection, Collection<String> projectCodes) throws SQLException {
        Map<String, String> owners = new HashMap<>();
        List<String> codes = List.copyOf(projectCodes);
        // A batch holds up to 1,000 projects: a few statements, not one per project, under the chain head's lock.
        for (int from = 0; from < codes.size(); from += OWNERS_PER_QUERY) {
            List<String> chunk = codes.subList(from, Math.min(codes.size(), from + OWNERS_PER_QUERY));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT code_projet, proprietaire FROM projet_proprietaire WHERE code_projet IN ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        owners.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return owners;
    }

    /** Records the owner of each of {@code owners}' projects that {@code known} has none for, by {@code exchangeId}. */
    static void recordNewOwners(Connection connection, String exchangeId, Map<String, String> owners,
            Map<String, String> known) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO projet_proprietaire (code_projet, proprietaire, echange_id) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> project : owners.entrySet()) {
                if (!known.containsKey(project.getKey())) {
                    insert.setString(1, project.getKey());
                    insert.setString(2, project.getValue());
                    insert.setString(3, exchangeId);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Makes {@code newOwner} the owner of {@code projectCode}, by the transfer {@code exchangeId}. */
    static void transfer(Connection connection, String projectCode, String newOwner, String exchangeId)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE projet_proprietaire SET proprietaire = ?, echange_id = ? WHERE code_projet = ?")) {
            update.setString(1, newOwner);
            update.setString(2, exchangeId);
            update.setString(3, projectCode);
            update.executeUpdate();
        }
    }

    /** Replaces where each of {@code places}' projects lies. */
    static void replacePlaces(Connection connection, Map<String, Set<Place>> places) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM projet_localisation WHERE code_projet = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO projet_localisation (code_projet, region, province) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, Set<Place>> project : places.entrySet()) {
                delete.setString(1, project.getKey());
                delete.executeUpdate();
                for (Place place : new ArrayList<>(project.getValue())) {
                    insert.setString(1, project.getKey());
                    insert.setString(2, place.region());
                    insert.setString(3, place.province());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Records the physical progress and cumulative amounts {@code progress} reports, accepted by {@code exchangeId}. */
    static void recordProgress(Connection connection, String exchangeId, List<Submission.Progress> progress)
            throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "DELETE FROM projet_avancement WHERE code_projet = ? AND date_arrete = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO projet_avancement (code_projet, date_arrete, avancement, echange_id, montant_engage, "
                                + "montant_emis, montant_paye) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Submission.Progress report : progress) {
                // A corrected report for the same date replaces the earlier one.
                merge.setString(1, report.projectCode());
                merge.setObject(2, report.asOf(), Types.DATE);
                merge.executeUpdate();
                insert.setString(1, report.projectCode());
                insert.setObject(2, report.asOf(), Types.DATE);
                insert.setBigDecimal(3, report.physicalProgress());
                insert.setString(4, exchangeId);
                insert.setBigDecimal(5, report.amounts().committed());
                insert.setBigDecimal(6, report.amounts().issued());
                insert.setBigDecimal(7, report.amounts().paid());
                insert.executeUpdate();
            }
        }
    }
}
