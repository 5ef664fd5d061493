package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.it.TestGateway;

/**
 * A signed message is accepted once. Sent again, while its Timestamp is still fresh, it is refused
 * with SECURITE_REFUSEE (not acknowledged as a retry), even after a restart, since the replay registry
 * is the journal's table; and the batch keeps its single ACCEPTE exchange.
 */
class ReplayIT extends GatewayTest {

    private EnvoiFichesProjets envoi;
    private Document request;

    @BeforeEach
    void acceptOriginal() {
        envoi = casablancaFiches();
        request = request(envoi).build();
        assertAccepted(send(request), batchId(envoi));
    }

    /** Attack: the same bytes posted a second time. Expected: refused. */
    @Test
    void refusesSameBytesSentTwice() {
        assertReplayRefused(request);
    }

    /** Attack: the same bytes posted again after the gateway restarted (empty memory). Expected: refused. */
    @Test
    void refusesReplayAfterRestart() {
        gateway.restart();
        assertReplayRefused(request);
    }

    /**
     * Attack: the same bytes posted to a second gateway node sharing the journal database. Expected:
     * refused, since the replay registry is shared by the nodes.
     */
    @Test
    void refusesReplayOnAnotherNodeSharingTheJournal() {
        try (TestGateway otherNode = TestGateway.start(Map.of("data-dir", gateway.dataDir().toString()))) {
            SoapReply reply = RawSoapClient.post(otherNode.soap12Address(), request);
            assertRefused(reply, ErrorCode.SECURITE_REFUSEE);
        }
        assertEquals(List.of("ACCEPTE"), JournalTables.verdictsOfBatch(gateway, batchId(envoi)));
    }

    /**
     * Attack: the message replayed with different bytes, an unsigned header added, so that a cache of
     * message digests would miss it. Expected: refused: the replay identity is the signature.
     */
    @Test
    void refusesReplayWithUnsignedHeaderAdded() {
        Envelopes.header(request).appendChild(Envelopes.foreign(request, "Trace"));
        assertReplayRefused(request);
    }

    private void assertReplayRefused(Document replay) {
        assertRefused(send(replay), ErrorCode.SECURITE_REFUSEE);
        assertEquals(List.of("ACCEPTE"), JournalTables.verdictsOfBatch(gateway, batchId(envoi)));
    }
}
