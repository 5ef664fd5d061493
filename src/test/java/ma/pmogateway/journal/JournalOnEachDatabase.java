package ma.pmogateway.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ma.pmogateway.support.Sha256;

/**
 * A fresh journal for each test, once on H2 and once on PostgreSQL: the base of the journal tests
 * whose claims must hold on both databases.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
abstract class JournalOnEachDatabase {

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dataDir;

    Database database;
    Journal journal;

    @BeforeEach
    void openJournal() {
        database = kind.open(dataDir);
        journal = new Journal(database.dataSource(), TestDatabase.VERSIONS);
    }

    @AfterEach
    void closeJournal() {
        database.close();
    }

    /** Returns a small request with a fresh exchange id, received now. */
    static ReceivedRequest request() {
        String id = UUID.randomUUID().toString();
        byte[] bytes = ("<requete id='" + id + "'/>").getBytes(StandardCharsets.UTF_8);
        return new ReceivedRequest(id, Instant.now().truncatedTo(ChronoUnit.MILLIS), bytes, Sha256.hex(bytes));
    }
}
