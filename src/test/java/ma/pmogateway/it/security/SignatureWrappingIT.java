package ma.pmogateway.it.security;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.wss4j.dom.WSConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;

/**
 * Signature wrapping: the signed element is kept somewhere the signature still finds it, while the
 * place the service reads holds the attacker's content. CXF 4.2.3 with the WSDL's policy accepts
 * several of these (docs: INTEROP-NOTES); the gateway must refuse each with SECURITE_REFUSEE before
 * anything is journaled as accepted: neither the victim's signed batch nor the attacker's is accepted.
 * Each attack runs over SOAP 1.2 and SOAP 1.1, and names the check that must stop it: a second Body
 * anywhere (SIG_WRAPPING_BODY_COUNT), a Body the signature does not cover (SIG_BODY_NOT_SIGNED), a
 * reused Id that makes WSS4J digest the attacker's Body (SIG_INVALID), an unsigned Timestamp.
 */
class SignatureWrappingIT extends GatewayTest {

    private EnvoiFichesProjets victim;
    private EnvoiFichesProjets attacker;

    @BeforeEach
    void batches() {
        victim = casablancaFiches();
        attacker = casablancaFiches();
        attacker.getFicheProjet().get(0).setCoutGlobal(new BigDecimal("999999999.00"));
    }

    /** Attack: the signed Body moved into a custom header wrapper, the attacker's Body in its place. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesSignedBodyMovedIntoHeaderWrapper(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_WRAPPING_BODY_COUNT, request -> headerWrapper(request).appendChild(replaceBody(request)));
    }

    /** Attack: the signed Body moved into the wsse:Security header, the attacker's Body in its place. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesSignedBodyMovedIntoSecurityHeader(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_WRAPPING_BODY_COUNT, request -> Envelopes.security(request).appendChild(replaceBody(request)));
    }

    /**
     * Attack: the signed Body moved into a header wrapper, and the attacker's Body, in its place, given
     * the same wsu:Id: a check that merely compares the Body's Id with the signed references passes.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesAttackerBodyReusingSignedBodyId(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_WRAPPING_BODY_COUNT, request -> {
            Element signed = replaceBody(request);
            headerWrapper(request).appendChild(signed);
            copyId(signed, Envelopes.body(request));
        });
    }

    /** Attack: the attacker's Body, carrying the signed Body's wsu:Id, placed before the signed Body. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesAttackerBodyWithSameIdBeforeSignedBody(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_INVALID, request -> {
            Element forged = attackerBody(request);
            copyId(Envelopes.body(request), forged);
            request.getDocumentElement().insertBefore(forged, Envelopes.body(request));
        });
    }

    /** Attack: a second Body, the attacker's, after the signed one, for a reader that takes the last Body. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesSecondBodyAfterSignedOne(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_WRAPPING_BODY_COUNT, request -> request.getDocumentElement().appendChild(attackerBody(request)));
    }

    /** Attack: a new Body holding the attacker's payload, with the signed Body wrapped inside it after the payload. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesSignedBodyWrappedInsideRealBody(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_BODY_NOT_SIGNED, request -> {
            Element signed = replaceBody(request);
            Envelopes.body(request).appendChild(Envelopes.foreign(request, "Enveloppe")).appendChild(signed);
        });
    }

    /**
     * Attack: replaying a message whose signed Timestamp has expired: that Timestamp is moved into a
     * header wrapper (the signature still finds it by Id) and a fresh, unsigned one put in the Security
     * header for the freshness check.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesSignedTimestampMovedOutOfSecurityHeader(SoapVersion version) {
        Document request = request(victim).over(version).timestamp(Duration.ofMinutes(-10), Duration.ofMinutes(5))
                .build();
        Element signed = Envelopes.timestamp(request);
        Element fresh = (Element) request.importNode(Envelopes.timestamp(request(victim).over(version).build()), true);
        fresh.setAttributeNS(WSConstants.WSU_NS, WSConstants.WSU_PREFIX + ":Id", "TS-attaquant");
        Envelopes.security(request).replaceChild(fresh, signed);
        headerWrapper(request).appendChild(signed);
        assertRefused(send(request), Reason.SIG_TIMESTAMP_NOT_SIGNED);
        assertNotAccepted(victim);
    }

    /**
     * Ambiguity: two unsigned header elements carrying one xml:id, the signature itself intact. Expected:
     * SIG_WRAPPING_DUPLICATE_ID, whatever resolves the Ids (an auditor's tool may pick the other one).
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesAnIdUsedTwice(SoapVersion version) {
        assertWrappingRefused(version, Reason.SIG_WRAPPING_DUPLICATE_ID, request -> {
            for (int copy = 0; copy < 2; copy++) {
                headerWrapper(request).setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:id", "id-double");
            }
        });
    }

    /** Signs the victim's batch, applies {@code attack} to the signed envelope, and asserts the refusal. */
    private void assertWrappingRefused(SoapVersion version, Reason reason, Consumer<Document> attack) {
        Document request = request(victim).over(version).build();
        attack.accept(request);
        assertRefused(send(request), reason);
        assertNotAccepted(victim);
        assertNotAccepted(attacker);
    }

    /** Puts a Body holding the attacker's batch where the signed Body was, and returns the signed Body. */
    private Element replaceBody(Document request) {
        Element signed = Envelopes.body(request);
        request.getDocumentElement().replaceChild(attackerBody(request), signed);
        return signed;
    }

    private Element attackerBody(Document request) {
        SoapVersion version = Envelopes.version(request);
        Element body = request.createElementNS(version.namespace(), version.prefix() + ":Body");
        body.appendChild(request.importNode(Operations.soumettreProjets(attacker).getDocumentElement(), true));
        return body;
    }

    private static Element headerWrapper(Document request) {
        Element wrapper = Envelopes.foreign(request, "Enveloppe");
        Envelopes.header(request).appendChild(wrapper);
        return wrapper;
    }

    private static void copyId(Element from, Element to) {
        to.setAttributeNS(WSConstants.WSU_NS, WSConstants.WSU_PREFIX + ":Id",
                from.getAttributeNS(WSConstants.WSU_NS, "Id"));
    }
}
