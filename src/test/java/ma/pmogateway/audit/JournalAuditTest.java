package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/**
 * The journal audit's checkpoints: a checkpoint proves the chain up to its sequence, and catches the
 * one attack the chain alone cannot: the last records removed together with a rewound chain head.
 */
class JournalAuditTest {

    private static final KeyMaterial GATEWAY = Identities.of("gateway");

    private final TestJournal journal = TestJournal.create();

    @TempDir
    Path workDir;

    @AfterEach
    void close() {
        journal.close();
    }

    private JournalAudit.Report audit() {
        return new JournalAudit(journal.database().dataSource(), GATEWAY.certificate(), TestJournal.transformer()).run();
    }

    private Optional<Long> checkpoint() {
        return Checkpoints.of(journal.database().dataSource(), GATEWAY).writeIfHeadMoved();
    }

    private void record(int count) {
        for (int i = 0; i < count; i++) {
            journal.recordRejected(("<requete n=\"" + i + "\"/>").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void provesAnIntactJournalUpToItsLastCheckpoint() {
        record(3);
        long id = checkpoint().orElseThrow();

        JournalAudit.Report report = audit();

        assertTrue(report.intact(), report.problems().toString());
        assertEquals(Optional.of("proven up to checkpoint " + id + " (sequence 3)"), report.provenUpTo());
    }

    @Test
    void writesNoCheckpointWhenTheHeadHasNotMoved() {
        record(1);
        checkpoint();

        assertEquals(Optional.empty(), checkpoint());
    }

    @Test
    void detectsTheLastRecordsRemovedWithTheHeadRewound() {
        record(2);
        String secondHash = headHashAfter();
        record(2);
        checkpoint();
        journal.tamper("DELETE FROM echange WHERE sequence > 2",
                "UPDATE chaine_tete SET sequence = 2, hash = '" + secondHash + "' WHERE id = 1");

        JournalAudit.Report report = audit();

        assertFalse(report.intact());
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).what().contains("records removed after the checkpoint"),
                report.problems().toString());
        assertEquals(Optional.empty(), report.provenUpTo());
    }

    @Test
    void detectsACheckpointReSignedWithAnotherKey() {
        record(1);
        KeyMaterial other = Identities.of("ao-cs");
        journal.tamper("DELETE FROM point_controle");
        Checkpoints.of(journal.database().dataSource(), other).writeIfHeadMoved();

        JournalAudit.Report report = audit();

        assertTrue(report.problems().stream().anyMatch(p -> p.what().contains("not by the gateway certificate")),
                report.problems().toString());
    }

    /**
     * After a key rotation the auditor names the gateway's new certificate; checkpoints signed with the
     * earlier one still verify, since the gateway archived it at its start and the CA issued it.
     */
    @Test
    void acceptsCheckpointsSignedWithAnEarlierGatewayCertificateArchivedAtStart() throws Exception {
        journal.trustDevelopmentPkiSince(java.time.Instant.now());
        journal.trustArchive().keepGatewayCertificate(GATEWAY.certificate(), java.time.Instant.now());
        record(2);
        checkpoint();
        X509Certificate renewed = certificateFor("gateway", "ca", workDir);

        JournalAudit.Report report = new JournalAudit(journal.database().dataSource(), renewed,
                TestJournal.transformer()).run();

        assertTrue(report.intact(), report.problems().toString());
        assertEquals(1, report.checkpointsVerified());
    }

    /**
     * Attack: someone with database access but not the CA's key archives a certificate with the
     * gateway's subject from their own CA and signs checkpoints with it. Expected: not the gateway's.
     */
    @Test
    void refusesCheckpointsSignedWithAnArchivedCertificateTheCaDidNotIssue() throws Exception {
        journal.trustDevelopmentPkiSince(java.time.Instant.now());
        X509Certificate forged = certificateFor("ao-cs", "rogue-ca", workDir);
        journal.trustArchive().keepGatewayCertificate(forged, java.time.Instant.now());
        record(1);
        KeyMaterial impostor = Identities.of("ao-cs");
        new Checkpoints(journal.database().dataSource(), new CheckpointSigner(impostor.privateKey(), forged),
                java.time.Clock.systemUTC()).writeIfHeadMoved();

        JournalAudit.Report report = audit();

        assertTrue(report.problems().stream().anyMatch(p -> p.what().contains("not by the gateway certificate")),
                report.problems().toString());
    }

    /**
     * Issues, with openssl and the development CA {@code ca}'s key, a certificate with the gateway's subject
     * for the key of development identity {@code keyOf}.
     */
    private static X509Certificate certificateFor(String keyOf, String ca, Path dir) throws Exception {
        String subject = "/C=MA/O=pmo-gateway/OU=Passerelle/CN=pmo-gateway";
        run(dir, "openssl", "req", "-new", "-key", Identities.DEV.resolve(keyOf + ".key.pem").toAbsolutePath().toString(),
                "-subj", subject, "-out", "renouvele.csr");
        run(dir, "openssl", "x509", "-req", "-in", "renouvele.csr", "-sha256", "-days", "30", "-set_serial", "0x5151",
                "-CA", Identities.DEV.resolve(ca + ".crt.pem").toAbsolutePath().toString(),
                "-CAkey", Identities.DEV.resolve(ca + ".key.pem").toAbsolutePath().toString(), "-out", "renouvele.pem");
        return Pem.certificate(Files.readAllBytes(dir.resolve("renouvele.pem")));
    }

    private static void run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output);
        }
    }

    private String headHashAfter() {
        try (var connection = journal.database().dataSource().getConnection();
                var statement = connection.createStatement();
                var row = statement.executeQuery("SELECT hash FROM chaine_tete")) {
            row.next();
            return row.getString(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
