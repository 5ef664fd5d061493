package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;


/**
 * The auditor's listing of journal records ({@code audit list}): which exchanges match the filters,
 * with their projects and delivery state, in chain order. Portable SQL, the same on H2 and PostgreSQL.
 */
public final class JournalListing {

    private final DataSource dataSource;

    public JournalListing(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Which records to list; a null field does not filter. The time range is half-open,
     * {@code from <= recu_le < until}, so that consecutive ranges never list a record twice.
     *
     * @param project lists the exchanges having at least one item of this project code
     */
    public record Filter(String sender, String operation, String verdict, String project, Instant from,
            Instant until) {

        /** No filter: every record. */
        public static final Filter ALL = new Filter(null, null, null, null, null, null);
    }

    /**
     * One journal record; a field the record does not hold is null.
     *
     * @param projects      the distinct project codes of its items, in batch order (empty if none)
     * @param deliveryState the state of its outbox entry (EN_ATTENTE, LIVRE, LETTRE_MORTE…), null if none
     */
    public record Row(long sequence, Instant receivedAt, String exchangeId, String operation, String sender,
            String verdict, String errorCode, String batchId, List<String> projects, String deliveryState) {
    }

    /** A condition of the WHERE clause and the value bound to its one parameter. */
    private record Condition(String sql, Object value) {
    }

    /** Returns the first {@code limit} records matching {@code filter}, ordered by sequence. */
    public List<Row> list(Filter filter, int limit) {
        List<Condition> conditions = Stream.of(
                new Condition("e.emetteur = ?", filter.sender()),
                new Condition("e.operation = ?", filter.operation()),
                new Condition("e.verdict = ?", filter.verdict()),
                new Condition("EXISTS (SELECT 1 FROM echange_element p WHERE p.echange_id = e.id AND p.reference = ?)",
                        filter.project()),
                new Condition("e.recu_le >= ?", timestamp(filter.from())),
                new Condition("e.recu_le < ?", timestamp(filter.until())))
                .filter(condition -> condition.value() != null)
                .toList();
        String where = conditions.isEmpty() ? ""
                : conditions.stream().map(Condition::sql).collect(Collectors.joining(" AND ", " WHERE ", ""));
        // The limit applies to records, before the join to items multiplies their rows.
        String sql = "SELECT e.sequence, e.recu_le, e.id, e.operation, e.emetteur, e.verdict, e.code_erreur, "
                + "e.identifiant_envoi, o.etat, i.reference FROM ("
                + "SELECT e.sequence, e.recu_le, e.id, e.operation, e.emetteur, e.verdict, e.code_erreur, "
                + "e.identifiant_envoi FROM echange e" + where + " ORDER BY e.sequence FETCH FIRST ? ROWS ONLY) e "
                + "LEFT JOIN outbox o ON o.echange_id = e.id "
                + "LEFT JOIN echange_element i ON i.echange_id = e.id "
                + "ORDER BY e.sequence, i.rang";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < conditions.size(); i++) {
                select.setObject(i + 1, conditions.get(i).value());
            }
            select.setInt(conditions.size() + 1, limit);
            try (ResultSet rows = select.executeQuery()) {
                return rows(rows);
            }
        } catch (SQLException e) {
            throw DatabaseFailures.of(e, "audit list");
        }
    }

    /** Folds the result's one line per item into one row per record. */
    private static List<Row> rows(ResultSet rows) throws SQLException {
        Map<Long, Row> records = new LinkedHashMap<>();
        Map<Long, Set<String>> projects = new HashMap<>();
        while (rows.next()) {
            long sequence = rows.getLong(1);
            if (!records.containsKey(sequence)) {
                records.put(sequence, new Row(sequence, rows.getTimestamp(2).toInstant(), rows.getString(3),
                        rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8),
                        List.of(), rows.getString(9)));
            }
            String project = rows.getString(10);
            if (project != null) {
                projects.computeIfAbsent(sequence, key -> new LinkedHashSet<>()).add(project);
            }
        }
        return records.values().stream()
                .map(row -> withProjects(row, projects.getOrDefault(row.sequence(), Set.of())))
                .toList();
    }

    private static Row withProjects(Row row, Set<String> projects) {
        return new Row(row.sequence(), row.receivedAt(), row.exchangeId(), row.operation(), row.sender(), row.verdict(),
                row.errorCode(), row.batchId(), List.copyOf(projects), row.deliveryState());
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
