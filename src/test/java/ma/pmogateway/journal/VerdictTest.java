package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/**
 * The verdicts are hashed into the chain: the texts the journal stores must stay those every existing
 * journal was written with, or no existing journal would verify. The expected hashes were computed
 * outside Java, from the canonical text of docs/JOURNAL.md ({@code printf … | sha256sum}).
 */
class VerdictTest extends JournalOnEachDatabase {

    private static final String EXCHANGE = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private static final Instant RECEIVED = Instant.parse("2026-11-28T17:41:45.123Z");
    private static final String THUMBPRINT = "a".repeat(64);

    @Test
    void theStoredVerdictsAreTheTextsOfExistingJournals() {
        assertEquals(List.of("ACCEPTE", "REJETE", "DOUBLON", "CONSULTE"),
                Arrays.stream(Verdict.values()).map(Verdict::name).toList());
    }

    @Test
    void eachVerdictHashesAsInTheDocumentedCanonicalText() {
        Map<Verdict, String> expected = Map.of(
                Verdict.ACCEPTE, "d967478289395765946d4ae2cf63891a4434b45cf522e227e21d2171b1c2ce26",
                Verdict.REJETE, "22ad632807969b41605d77c15734cf763601a6d907930033fa0f7201421da611",
                Verdict.DOUBLON, "1ee752b271bb3dcd925517cecd4378f8034d190b31acdce95412d8799b621bb3",
                Verdict.CONSULTE, "aac4cb6dadc56d61279cf9a3c6ce0c988e8c9aaf4ac89593197650003a83064b");
        for (Verdict verdict : Verdict.values()) {
            ChainLink link = new ChainLink(ChainLink.FORMAT, 7, EXCHANGE, RECEIVED, "SoumettreProjets", "AO-CS",
                    THUMBPRINT, "LOT-2026-11-001", verdict.name(), null, "b".repeat(64), null,
                    new Versions("regles-1;sha256=00", "transformation-1;sha256=11", "listes-1;sha256=22"),
                    ChainEntry.GENESIS);
            assertEquals(expected.get(verdict), link.hash(), verdict.name());
        }
    }

    /** A record the journal writes today hashes exactly as one written before the enum, and verifies. */
    @Test
    void aRecordWrittenTodayStoresTheHashOfTheDocumentedText() throws Exception {
        byte[] bytes = "<requete/>".getBytes(StandardCharsets.UTF_8);
        journal.recordAnswered(new ReceivedRequest(EXCHANGE, RECEIVED, bytes, Sha256.hex(bytes)), "ValiderEnvoi",
                "AO-CS", THUMBPRINT, "<reponse/>".getBytes(StandardCharsets.UTF_8), RECEIVED);

        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT verdict, hash FROM echange WHERE id = ?")) {
            select.setString(1, EXCHANGE);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                assertEquals("CONSULTE", row.getString(1));
                assertEquals("871f9cbc484e020fb5c5bcb825e8c5464fb5b14887832148426138b1cb4dea27", row.getString(2));
            }
        }
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }
}
