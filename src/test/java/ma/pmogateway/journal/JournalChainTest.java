package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.support.Sha256;

/**
 * The journal's records form one hash chain, whatever the concurrency, and any alteration breaks it;
 * on H2 and on PostgreSQL alike.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class JournalChainTest {

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dataDir;

    private Database database;
    private Journal journal;

    @BeforeEach
    void openJournal() {
        database = kind.open(dataDir);
        journal = new Journal(database.dataSource());
    }

    @AfterEach
    void closeJournal() {
        database.close();
    }

    @Test
    void concurrentWritersProduceOneIntactChain() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(writers.submit(this::recordOneRejection));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        writers.shutdown();

        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    @Test
    void detectsAStoredRequestChangedByOneByte() throws Exception {
        recordOneRejection();
        execute("UPDATE echange SET requete = ? WHERE sequence = 1", new byte[] {0x3c, 0x78});

        assertFalse(new ChainVerifier(database.dataSource()).verify().isEmpty());
    }

    @Test
    void detectsARecordDeletedInTheMiddle() throws Exception {
        for (int i = 0; i < 3; i++) {
            recordOneRejection();
        }
        execute("DELETE FROM echange WHERE sequence = 2");

        assertEquals(2, new ChainVerifier(database.dataSource()).verify().size());
    }

    @Test
    void detectsAnAlteredVerdict() throws Exception {
        recordOneRejection();
        execute("UPDATE echange SET verdict = 'ACCEPTE' WHERE sequence = 1");

        assertEquals("record altered: hash does not recompute",
                new ChainVerifier(database.dataSource()).verify().get(0).what());
    }

    private void recordOneRejection() {
        byte[] bytes = ("<x id='" + UUID.randomUUID() + "'/>").getBytes(StandardCharsets.UTF_8);
        journal.recordRejected(new ReceivedRequest(UUID.randomUUID().toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS), bytes, Sha256.hex(bytes)), "SoumettreProjets", "AO-CS",
                null, ErrorCode.CONTRAT_INVALIDE, "test");
    }

    private void execute(String sql, Object... parameters) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
