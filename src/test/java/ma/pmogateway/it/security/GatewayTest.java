package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;

/**
 * A real gateway for one test class, raw requests to it, and the assertions every end-to-end security
 * test makes: the fault's code, the REJETE journal entry under its correlation id, that a security
 * fault tells the caller nothing, and that the batch concerned was never accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayTest {

    /** AO-CS's two project records in region 06: the batch every baseline request carries. */
    static final String CASABLANCA = "01-vsb-hmr-casablanca.xml";

    /**
     * Stems a security fault must never contain (certificate/certificat, expired/expiré): they would tell
     * an attacker which check failed.
     */
    private static final List<String> UNSPOKEN = List.of("certificat", "expir");

    TestGateway gateway;

    /** Returns the configuration overrides of this class's gateway; none by default. */
    Map<String, String> overrides() {
        return Map.of();
    }

    @BeforeAll
    void startGateway() {
        gateway = TestGateway.start(overrides());
    }

    @AfterAll
    void stopGateway() {
        gateway.close();
    }

    /** Returns AO-CS's Casablanca batch with a fresh batch id. */
    static EnvoiFichesProjets casablancaFiches() {
        return Payloads.fiches(CASABLANCA);
    }

    /** Returns a request submitting {@code envoi}, signed as the policy asks by AO-CS unless changed. */
    static SignedRequest request(EnvoiFichesProjets envoi) {
        return SignedRequest.of(Operations.soumettreProjets(envoi));
    }

    /** Returns the batch id of {@code envoi}. */
    static String batchId(EnvoiFichesProjets envoi) {
        return envoi.getEnTete().getIdentifiantEnvoi();
    }

    /** Posts {@code request} as it stands to the gateway's address for its SOAP version. */
    SoapReply send(Document request) {
        return RawSoapClient.post(address(Envelopes.version(request)), request);
    }

    /** Posts {@code bytes} as they stand, as a {@code version} request for {@code operation}. */
    SoapReply send(SoapVersion version, String operation, byte[] bytes) {
        return RawSoapClient.post(address(version), version, operation, bytes);
    }

    String address(SoapVersion version) {
        return version == SoapVersion.SOAP_12 ? gateway.soap12Address() : gateway.soap11Address();
    }

    /** Asserts HTTP 200 with a receipt for {@code batchId} whose exchange the journal recorded ACCEPTE. */
    void assertAccepted(SoapReply reply, String batchId) {
        assertEquals(200, reply.status(), reply::toString);
        String exchange = Envelopes.child(reply.receipt(), SoapReply.COMMON_NS, "IdentifiantEchange").getTextContent();
        assertAll(
                () -> assertEquals(batchId,
                        Envelopes.child(reply.receipt(), SoapReply.COMMON_NS, "IdentifiantEnvoi").getTextContent()),
                () -> assertEquals(Optional.of(Verdict.ACCEPTE), gateway.journal().verdictOf(exchange)));
    }

    /**
     * Asserts a fault with {@code code} whose correlation id the journal recorded as REJETE; for a
     * security code, also that the fault says nothing of the cause.
     */
    SoapReply assertRefused(SoapReply reply, ErrorCode code) {
        assertNotEquals(200, reply.status(), reply::toString);
        assertEquals(code.name(), reply.errorCode(), reply::toString);
        assertEquals(Optional.of(Verdict.REJETE), gateway.journal().verdictOf(reply.correlationId()), reply::toString);
        if (code.isSecurity()) {
            assertDisclosesNothing(reply, code);
        }
        return reply;
    }

    /**
     * Asserts a fault with the code of {@code reason} (as {@link #assertRefused(SoapReply, ErrorCode)})
     * and that the journal recorded {@code reason}, the precise defence, for it.
     */
    SoapReply assertRefused(SoapReply reply, Reason reason) {
        assertRefused(reply, reason.code());
        assertEquals(Optional.of(reason.name()), gateway.journal().reasonOf(reply.correlationId()), reply::toString);
        return reply;
    }

    /** Sends {@code request} and asserts a generic SECURITE_REFUSEE, and that none of {@code batches} was accepted. */
    void assertSecurityRefusal(Document request, EnvoiFichesProjets... batches) {
        assertRefused(send(request), ErrorCode.SECURITE_REFUSEE);
        for (EnvoiFichesProjets batch : batches) {
            assertNotAccepted(batch);
        }
    }

    /** Asserts that the journal holds no ACCEPTE exchange for {@code batch}. */
    void assertNotAccepted(EnvoiFichesProjets batch) {
        List<String> verdicts = JournalTables.verdictsOfBatch(gateway, batchId(batch));
        assertFalse(verdicts.contains("ACCEPTE"), () -> "batch " + batchId(batch) + " recorded " + verdicts);
    }

    /** The generic message with the correlation id, no word hinting at the cause, no Probleme. */
    private static void assertDisclosesNothing(SoapReply reply, ErrorCode code) {
        String fault = reply.fault().getTextContent();
        String lowerCase = fault.toLowerCase(Locale.ROOT);
        assertAll(
                () -> assertTrue(fault.contains(Messages.text(code, Messages.FRENCH, reply.correlationId())), fault),
                () -> assertTrue(UNSPOKEN.stream().noneMatch(lowerCase::contains), fault),
                () -> assertEquals(List.of(), reply.problems()));
    }
}
