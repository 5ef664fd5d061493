package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transformation archive keeps each set once, its files in order; on H2 and PostgreSQL alike. */
class ArtefactArchiveTest {

    private static final String IDENTIFIER = "1.0.0;sha256=" + "ab".repeat(32);

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void nodesStartingTogetherArchiveASetOnceInItsOrder(TestDatabase kind, @TempDir Path dataDir) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("xslt/b.xsl", "<b/>".getBytes(StandardCharsets.UTF_8));
        files.put("xslt/a.xsl", "<a/>".getBytes(StandardCharsets.UTF_8));
        try (Database database = kind.open(dataDir)) {
            ArtefactArchive archive = new ArtefactArchive(database.dataSource());
            ExecutorService nodes = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    starts.add(nodes.submit(() -> archive.keep(IDENTIFIER, files, Instant.now())));
                }
                for (Future<?> start : starts) {
                    start.get();
                }
            } finally {
                nodes.shutdown();
            }

            Map<String, byte[]> archived = archive.files(IDENTIFIER).orElseThrow();
            assertEquals(List.of("xslt/b.xsl", "xslt/a.xsl"), List.copyOf(archived.keySet()));
            assertArrayEquals(files.get("xslt/a.xsl"), archived.get("xslt/a.xsl"));
            assertEquals(Optional.empty(), archive.files("1.0.1;sha256=" + "cd".repeat(32)));
        }
    }
}
