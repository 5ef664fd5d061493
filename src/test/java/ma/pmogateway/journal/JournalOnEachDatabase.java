package ma.pmogateway.journal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ma.pmogateway.exchange.ReceivedRequest;


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
        journal = new Journal(database.groupCommit(), TestDatabase.VERSIONS);
    }

    @AfterEach
    void closeJournal() {
        database.close();
    }

    /** Returns a small request with a fresh exchange id, received now. */
    static ReceivedRequest request() {
        return TestRecords.request();
    }
}
