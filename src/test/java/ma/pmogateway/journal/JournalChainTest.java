package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/**
 * The journal's records form one hash chain, whatever the concurrency, and any alteration breaks it;
 * on H2 and on PostgreSQL alike.
 */
class JournalChainTest extends JournalOnEachDatabase {

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

    @Test
    void answersAreLinksOfTheSameChain() {
        String first = recordOneRejection();
        journal.recordResponse(first, ResponseNature.FAUTE, "<fault/>".getBytes(StandardCharsets.UTF_8), now());
        String second = recordOneRejection();
        journal.recordResponse(second, ResponseNature.FAUTE, "<fault/>".getBytes(StandardCharsets.UTF_8), now());

        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
        assertEquals("<fault/>", new String(journal.answerOf(second).orElseThrow().bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void detectsAStoredAnswerChanged() throws Exception {
        String exchange = recordOneRejection();
        journal.recordResponse(exchange, ResponseNature.REPONSE, "<receipt/>".getBytes(StandardCharsets.UTF_8), now());
        execute("UPDATE reponse SET reponse = ? WHERE echange_id = ?", "<receipt2/>".getBytes(StandardCharsets.UTF_8),
                exchange);

        assertEquals(List.of(new ChainVerifier.Break(2, exchange, "stored answer does not match its digest")),
                new ChainVerifier(database.dataSource()).verify());
    }

    /** Swapping two answers with their digests still breaks the chain: the digests are hashed in the links. */
    @Test
    void detectsTwoAnswersSwapped() throws Exception {
        String first = recordOneRejection();
        journal.recordResponse(first, ResponseNature.REPONSE, "<a/>".getBytes(StandardCharsets.UTF_8), now());
        String second = recordOneRejection();
        journal.recordResponse(second, ResponseNature.REPONSE, "<b/>".getBytes(StandardCharsets.UTF_8), now());
        execute("UPDATE reponse SET reponse = CASE WHEN echange_id = ? THEN ? ELSE ? END, "
                + "empreinte_reponse = CASE WHEN echange_id = ? THEN ? ELSE ? END",
                first, "<b/>".getBytes(StandardCharsets.UTF_8), "<a/>".getBytes(StandardCharsets.UTF_8),
                first, Sha256.hex("<b/>".getBytes(StandardCharsets.UTF_8)), Sha256.hex("<a/>".getBytes(StandardCharsets.UTF_8)));

        List<ChainVerifier.Break> breaks = new ChainVerifier(database.dataSource()).verify();
        assertEquals(List.of("answer altered: hash does not recompute", "answer altered: hash does not recompute"),
                breaks.stream().map(ChainVerifier.Break::what).toList());
    }

    @Test
    void detectsAnAnswerDeleted() throws Exception {
        String exchange = recordOneRejection();
        journal.recordResponse(exchange, ResponseNature.REPONSE, "<receipt/>".getBytes(StandardCharsets.UTF_8), now());
        recordOneRejection();
        execute("DELETE FROM reponse WHERE echange_id = ?", exchange);

        assertEquals("sequence 3 where 2 was expected", new ChainVerifier(database.dataSource()).verify().get(0).what());
    }

    @Test
    void detectsAStoredPmoAcknowledgementChanged() throws Exception {
        String exchange = recordOneRejection();
        try (Connection connection = database.dataSource().getConnection()) {
            ExchangeChain.delivery(connection, exchange, now(), "<depot/>".getBytes(StandardCharsets.UTF_8),
                    "<accuse/>".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());

        execute("UPDATE livraison SET accuse_recu = ? WHERE echange_id = ?", "<autre/>".getBytes(StandardCharsets.UTF_8),
                exchange);

        assertEquals(List.of(new ChainVerifier.Break(2, exchange, "stored PMO acknowledgement does not match its digest")),
                new ChainVerifier(database.dataSource()).verify());
    }

    /** Records of the first format (written before versions were recorded) still verify. */
    @Test
    void recordsOfTheFirstFormatStillVerify() throws Exception {
        recordOneRejection();
        ChainLink v1 = new ChainLink(ChainLink.FORMAT_V1, 1, "00000000-0000-0000-0000-000000000001",
                Instant.parse("2026-11-28T17:41:45.120Z"), "SoumettreProjets", "AO-CS", null, null, "REJETE",
                "CONTRAT_INVALIDE", Sha256.hex(new byte[] {0x3c}), null, null, ChainEntry.GENESIS);
        execute("UPDATE echange SET id = ?, recu_le = ?, requete = ?, empreinte_requete = ?, correlation = ?, "
                + "motifs = NULL, format_chaine = ?, version_regles = NULL, version_transformation = NULL, "
                + "version_listes = NULL, hash = ? WHERE sequence = 1", v1.exchangeId(),
                java.sql.Timestamp.from(v1.receivedAt()), new byte[] {0x3c}, v1.requestDigest(), v1.exchangeId(),
                ChainLink.FORMAT_V1, v1.hash());
        execute("UPDATE chaine_tete SET hash = ?", v1.hash());

        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private String recordOneRejection() {
        ReceivedRequest request = request();
        journal.recordRejected(request, "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "test");
        return request.exchangeId();
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
