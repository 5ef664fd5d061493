package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ma.pmogateway.it.Identities;
import ma.pmogateway.journal.TrustArchive.Archived;
import ma.pmogateway.security.KeyMaterial;

/** The trust material archive keeps each anchor and CRL once, with its first use; on H2 and PostgreSQL alike. */
class TrustArchiveTest {

    private static final KeyMaterial DEVELOPMENT_PKI = Identities.of("gateway");
    private static final Instant FIRST_START = Instant.parse("2026-01-05T08:00:00.123Z");

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void nodesStartingTogetherArchiveEachAnchorAndCrlOnce(TestDatabase kind, @TempDir Path dataDir) throws Exception {
        onNewDatabase(kind, dataDir, archive -> {
            ExecutorService nodes = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> starts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    starts.add(nodes.submit(() -> archive.keep(DEVELOPMENT_PKI.trustAnchors(), DEVELOPMENT_PKI.crls(),
                            FIRST_START)));
                }
                for (Future<?> start : starts) {
                    start.get();
                }
            } finally {
                nodes.shutdown();
            }

            assertEquals(List.of(new Archived<>(DEVELOPMENT_PKI.trustAnchors().get(0), FIRST_START)),
                    archive.certificates());
            assertEquals(List.of(new Archived<>(DEVELOPMENT_PKI.crls().get(0), FIRST_START)), archive.crls());
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void keepsTheFirstUseOfWhatIsAlreadyArchived(TestDatabase kind, @TempDir Path dataDir) throws Exception {
        onNewDatabase(kind, dataDir, archive -> {
            Instant restart = FIRST_START.plusSeconds(3600);
            X509Certificate addedCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Files.readAllBytes(Identities.DEV.resolve("rogue-ca.crt.pem"))));
            archive.keep(DEVELOPMENT_PKI.trustAnchors(), DEVELOPMENT_PKI.crls(), FIRST_START);

            archive.keep(List.of(DEVELOPMENT_PKI.trustAnchors().get(0), addedCa), DEVELOPMENT_PKI.crls(), restart);

            assertEquals(List.of(FIRST_START, restart), archive.certificates().stream().map(Archived::firstUsed).toList());
            assertEquals(addedCa, archive.certificates().get(1).material());
            assertEquals(List.of(FIRST_START), archive.crls().stream().map(Archived::firstUsed).toList());
        });
    }

    private interface ArchiveCheck {
        void run(TrustArchive archive) throws Exception;
    }

    private static void onNewDatabase(TestDatabase kind, Path dataDir, ArchiveCheck check) throws Exception {
        try (Database database = kind.open(dataDir)) {
            check.run(new TrustArchive(database.dataSource()));
        }
    }
}
