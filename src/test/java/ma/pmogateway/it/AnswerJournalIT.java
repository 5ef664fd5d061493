package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.it.security.RawSoapClient;
import ma.pmogateway.it.security.SoapReply;
import ma.pmogateway.it.security.SoapVersion;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.ResponseNature;

/**
 * Every answer the gateway sends is journaled byte for byte as the caller received it, as a link of
 * the hash chain: receipts, answers to read-only requests (journaled with verdict CONSULTE), signed
 * faults and the unsigned faults of unreadable requests.
 */
class AnswerJournalIT extends OneGatewayPerClass {

    @Test
    void theReceiptIsJournaledAsTheCallerReceivedIt() throws Exception {
        SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-cs");
        AtomicReference<byte[]> received = Clients.captureResponses(client);

        AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));

        Journal.Answer answer = gateway.journal().answerOf(receipt.getIdentifiantEchange()).orElseThrow();
        assertEquals(ResponseNature.REPONSE, answer.nature());
        assertArrayEquals(received.get(), answer.bytes());
        assertTrue(new String(answer.bytes(), StandardCharsets.UTF_8).contains("SignatureConfirmation"));
        assertChainIntact();
    }

    @Test
    void aReadOnlyRequestIsJournaledAsConsultedWithItsAnswer() throws Exception {
        SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-cs");
        AccuseReception receipt = client.soumettreProjets(Payloads.fiches("01-vsb-hmr-casablanca.xml"));
        AtomicReference<byte[]> received = Clients.captureResponses(client);

        client.consulterEchange(receipt.getIdentifiantEchange());

        String query = lastExchangeOf("ConsulterEchange");
        assertEquals(Verdict.CONSULTE, gateway.journal().verdictOf(query).orElseThrow());
        Journal.Answer answer = gateway.journal().answerOf(query).orElseThrow();
        assertEquals(ResponseNature.REPONSE, answer.nature());
        assertArrayEquals(received.get(), answer.bytes());
        assertChainIntact();
    }

    @Test
    void aSignedFaultIsJournaledAsSent() {
        SuiviProjets client = Clients.soap12(gateway.soap12Address(), "ao-rsk");
        AtomicReference<byte[]> received = Clients.captureResponses(client);

        Erreur fault = assertThrows(Erreur.class,
                () -> client.soumettreProjets(Payloads.fiches("02-vn-tamesna-multi-communes.xml")));

        String exchangeId = fault.getFaultInfo().getIdentifiantCorrelation();
        assertEquals(Verdict.REJETE, gateway.journal().verdictOf(exchangeId).orElseThrow());
        Journal.Answer answer = gateway.journal().answerOf(exchangeId).orElseThrow();
        assertEquals(ResponseNature.FAUTE, answer.nature());
        assertArrayEquals(received.get(), answer.bytes());
        assertChainIntact();
    }

    @Test
    void theUnsignedFaultOfAnUnreadableRequestIsJournaledAsSent() {
        SoapReply reply = RawSoapClient.post(gateway.soap12Address(), SoapVersion.SOAP_12, "SoumettreProjets",
                "<not-xml".getBytes(StandardCharsets.UTF_8));

        Journal.Answer answer = gateway.journal().answerOf(reply.correlationId()).orElseThrow();
        assertEquals(ResponseNature.FAUTE, answer.nature());
        assertArrayEquals(reply.body(), answer.bytes());
        assertChainIntact();
    }

    private static void assertChainIntact() {
        assertEquals(List.of(), gateway.chainBreaks());
    }

    private static String lastExchangeOf(String operation) throws SQLException {
        try (Connection connection = gateway.journalConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id FROM echange WHERE operation = ? ORDER BY sequence DESC")) {
            select.setString(1, operation);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "no " + operation + " journaled");
                return row.getString(1);
            }
        }
    }
}
