package ma.pmogateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.cxf.message.ExchangeImpl;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EvidenceGaps;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.ResponseNature;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.support.Sha256;

/**
 * Evidence the journal cannot take is itself recorded: a refusal or an answer written while the database
 * fails becomes an evidence gap, on disk, that the audit reports; nothing is only logged.
 */
class ExchangeRecorderTest {

    @TempDir
    Path dataDir;

    @Test
    void aRefusalTheJournalCannotTakeIsAnEvidenceGap() {
        EvidenceGaps gaps = new EvidenceGaps(dataDir);
        RequestContext request = request("11111111-1111-4111-8111-111111111111");
        try (Database database = TestDatabase.H2.open(dataDir.resolve("db"))) {
            ExchangeRecorder recorder = new ExchangeRecorder(new Journal(database.groupCommit(), TestDatabase.VERSIONS),
                    gaps);
            database.close();
            recorder.refused(request, new GatewayException(Reason.SCHEMA_INVALID, null, 1));
        }
        List<EvidenceGaps.Gap> recorded = gaps.all();
        assertEquals(1, recorded.size());
        assertEquals(request.exchangeId(), recorded.get(0).exchangeId());
        assertTrue(recorded.get(0).what().contains("SCHEMA_INVALID"), recorded.get(0).what());
    }

    @Test
    void anAnswerTheJournalCannotTakeIsAnEvidenceGapAndARecordedOneIsNot() {
        EvidenceGaps gaps = new EvidenceGaps(dataDir);
        try (Database database = TestDatabase.H2.open(dataDir.resolve("db"))) {
            ExchangeRecorder recorder = new ExchangeRecorder(new Journal(database.groupCommit(), TestDatabase.VERSIONS),
                    gaps);
            RequestContext answered = request("22222222-2222-4222-8222-222222222222");
            answered.operation("ConsulterEchange");
            recorder.answered(answered, ResponseNature.REPONSE, "<reponse/>".getBytes(StandardCharsets.UTF_8),
                    Instant.now());
            assertTrue(answered.recorded());
            assertEquals(List.of(), gaps.all());

            database.close();
            RequestContext lost = request("33333333-3333-4333-8333-333333333333");
            lost.operation("ConsulterEchange");
            recorder.answered(lost, ResponseNature.REPONSE, "<reponse/>".getBytes(StandardCharsets.UTF_8),
                    Instant.now());
        }
        assertEquals(List.of("33333333-3333-4333-8333-333333333333 REPONSE"),
                gaps.all().stream().map(gap -> gap.exchangeId() + " " + gap.what()).toList());
    }

    private static RequestContext request(String exchangeId) {
        Message message = new MessageImpl();
        message.setExchange(new ExchangeImpl());
        byte[] bytes = "<soap/>".getBytes(StandardCharsets.UTF_8);
        return RequestContext.start(message,
                new ReceivedRequest(exchangeId, Instant.parse("2026-12-01T10:00:00Z"), bytes, Sha256.hex(bytes)));
    }
}
