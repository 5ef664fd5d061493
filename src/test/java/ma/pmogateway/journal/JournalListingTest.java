package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.journal.JournalListing.Filter;
import ma.pmogateway.journal.JournalListing.Row;

/**
 * The auditor's listing selects exactly the records its filters describe, in chain order, with each
 * record's projects and delivery state; on H2 and on PostgreSQL alike.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JournalListingTest {

    private static final Instant DAY_START = Instant.parse("2026-11-28T00:00:00Z");
    private static final Instant NEXT_DAY_START = Instant.parse("2026-11-29T00:00:00Z");
    private static final String BATCH = "9b2f0c7e-1d3a-4c55-8e21-6f0a3b9d4e10";

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dataDir;

    private Database database;
    private JournalListing listing;

    /** Five records around the day of 2026-11-28 (UTC), the first and last just outside it. */
    @BeforeEach
    void recordFive() {
        database = kind.open(dataDir);
        listing = new JournalListing(database.dataSource());
        TestRecords records = new TestRecords(new Journal(database.groupCommit(), TestDatabase.VERSIONS));
        records.accepted(DAY_START.minusMillis(1), "AO-CS", "SoumettreProjets", BATCH, "P-1", "P-2", "P-1");
        records.rejected(DAY_START, "AO-CS", "SoumettreSituations", ErrorCode.NON_AUTORISE);
        records.accepted(Instant.parse("2026-11-28T12:00:00Z"), "AO-RSK", "SoumettreSituations",
                "0d6c8b3a-52f1-4f7e-9a0b-3c2d1e4f5a6b", "P-2");
        records.accepted(NEXT_DAY_START.minusMillis(1), "AO-CS", "SoumettreProjets", BATCH, "P-1", "P-2", "P-1");
        records.rejected(NEXT_DAY_START, "AO-RSK", "SoumettreProjets", ErrorCode.CONTRAT_INVALIDE);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void listsEveryRecordInChainOrderWithItsDistinctProjectsAndDeliveryState() {
        List<Row> rows = listing.list(Filter.ALL, Integer.MAX_VALUE);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), rows.stream().map(Row::sequence).toList());
        Row first = rows.get(0);
        assertEquals(List.of(DAY_START.minusMillis(1), "AO-CS", "SoumettreProjets", "ACCEPTE", BATCH,
                List.of("P-1", "P-2"), "EN_ATTENTE"), List.of(first.receivedAt(), first.sender(), first.operation(),
                first.verdict(), first.batchId(), first.projects(), first.deliveryState()));
        Row rejected = rows.get(1);
        assertEquals("NON_AUTORISE", rejected.errorCode());
        assertEquals(List.of(), rejected.projects());
        assertEquals(null, rejected.deliveryState());
        assertEquals("DOUBLON", rows.get(3).verdict());
        assertEquals(List.of("P-1", "P-2"), rows.get(3).projects());
    }

    @Test
    void eachFilterNarrowsTheListing() {
        assertEquals(List.of(1L, 2L, 4L), sequences(new Filter("AO-CS", null, null, null, null, null)));
        assertEquals(List.of(2L, 3L), sequences(new Filter(null, "SoumettreSituations", null, null, null, null)));
        assertEquals(List.of(2L, 5L), sequences(new Filter(null, null, "REJETE", null, null, null)));
        assertEquals(List.of(4L), sequences(new Filter(null, null, "DOUBLON", null, null, null)));
        // Record 4, a retry of record 1's batch, concerns the same projects.
        assertEquals(List.of(1L, 4L), sequences(new Filter(null, null, null, "P-1", null, null)));
        assertEquals(List.of(1L, 3L, 4L), sequences(new Filter(null, null, null, "P-2", null, null)));
        assertEquals(List.of(), sequences(new Filter(null, null, null, "P-9", null, null)));
    }

    @Test
    void combinesFilters() {
        assertEquals(List.of(2L), sequences(new Filter("AO-CS", null, "REJETE", null, DAY_START, null)));
        assertEquals(List.of(3L), sequences(new Filter("AO-RSK", "SoumettreSituations", "ACCEPTE", "P-2", null, null)));
    }

    @Test
    void theTimeRangeIncludesItsStartAndExcludesItsEnd() {
        assertEquals(List.of(2L, 3L, 4L), sequences(new Filter(null, null, null, null, DAY_START, NEXT_DAY_START)));
        assertEquals(List.of(1L), sequences(new Filter(null, null, null, null, null, DAY_START)));
        assertEquals(List.of(5L), sequences(new Filter(null, null, null, null, NEXT_DAY_START, null)));
    }

    @Test
    void theLimitCountsRecordsNotTheirItems() {
        List<Row> rows = listing.list(Filter.ALL, 2);

        assertEquals(List.of(1L, 2L), rows.stream().map(Row::sequence).toList());
        assertEquals(List.of("P-1", "P-2"), rows.get(0).projects());
    }

    @Test
    void filtersOnAVerdictOutsideTheKnownThree() throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE echange SET verdict = ? WHERE sequence = 5")) {
            update.setString(1, "EXPIRE");
            update.executeUpdate();
        }

        assertEquals(List.of(5L), sequences(new Filter(null, null, "EXPIRE", null, null, null)));
    }

    private List<Long> sequences(Filter filter) {
        return listing.list(filter, Integer.MAX_VALUE).stream().map(Row::sequence).toList();
    }
}
