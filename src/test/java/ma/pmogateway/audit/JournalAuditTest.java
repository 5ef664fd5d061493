package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/**
 * The journal audit's checkpoints: a checkpoint proves the chain up to its sequence, and catches the
 * one attack the chain alone cannot: the last records removed together with a rewound chain head.
 */
class JournalAuditTest {

    private static final KeyMaterial GATEWAY = Identities.of("gateway");

    private final TestJournal journal = TestJournal.create();

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
