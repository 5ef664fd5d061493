package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.ErrorCode;

/**
 * Hostile XML is refused with XML_REFUSE by the threat guard, before any parser builds a tree of it:
 * DOCTYPEs (so entities of every kind), messages above limits.max-message-bytes (200 000 here),
 * nesting deeper than limits.max-element-depth (64) and more attributes than limits.max-attribute-count
 * (64). Each request is otherwise a validly signed, acceptable one; each refusal is journaled REJETE.
 */
class XmlThreatIT extends GatewayTest {

    private static final int MAX_MESSAGE_BYTES = 200_000;

    private EnvoiFichesProjets envoi;

    @Override
    Map<String, String> overrides() {
        return Map.of("limits.max-message-bytes", Integer.toString(MAX_MESSAGE_BYTES));
    }

    @BeforeEach
    void freshBatch() {
        envoi = casablancaFiches();
    }

    /**
     * Attack: XXE, an external entity reading file:///etc/passwd used as the batch id. Expected:
     * XML_REFUSE, and nothing of the file in the reply.
     */
    @Test
    void refusesDoctypeWithExternalEntity() {
        SoapReply reply = sendWithDoctype("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">", "&xxe;");
        assertRefused(reply, ErrorCode.XML_REFUSE);
        assertFalse(new String(reply.body(), StandardCharsets.UTF_8).contains("root:"));
    }

    /** Attack: billion laughs, ten levels of ten internal entity references. Expected: XML_REFUSE. */
    @Test
    void refusesBillionLaughs() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int level = 1; level <= 9; level++) {
            entities.append("<!ENTITY lol").append(level).append(" \"")
                    .append(("&lol" + (level - 1) + ";").repeat(10)).append("\">");
        }
        assertRefused(sendWithDoctype(entities.toString(), "&lol9;"), ErrorCode.XML_REFUSE);
    }

    /** Attack: a validly signed request made 250 kB by a comment in its payload. Expected: XML_REFUSE. */
    @Test
    void refusesOversizedMessage() {
        Document payload = Operations.soumettreProjets(envoi);
        payload.getDocumentElement().appendChild(payload.createComment("x".repeat(MAX_MESSAGE_BYTES + 50_000)));
        assertRefused(send(SignedRequest.of(payload).build()), ErrorCode.XML_REFUSE);
    }

    /** Attack: an unsigned header nesting 100 elements (parser stack exhaustion). Expected: XML_REFUSE. */
    @Test
    void refusesTooDeepNesting() {
        Document request = request(envoi).build();
        Element parent = Envelopes.header(request);
        for (int depth = 0; depth < 100; depth++) {
            parent = (Element) parent.appendChild(Envelopes.foreign(request, "x"));
        }
        assertRefused(send(request), ErrorCode.XML_REFUSE);
    }

    /** Attack: an unsigned header element with 100 attributes (hash-collision style). Expected: XML_REFUSE. */
    @Test
    void refusesTooManyAttributes() {
        Document request = request(envoi).build();
        Element crowded = (Element) Envelopes.header(request).appendChild(Envelopes.foreign(request, "x"));
        for (int i = 0; i < 100; i++) {
            crowded.setAttributeNS(null, "a" + i, "v");
        }
        assertRefused(send(request), ErrorCode.XML_REFUSE);
    }

    /** Posts the signed request with a DOCTYPE of {@code declarations}, its batch id replaced by {@code reference}. */
    private SoapReply sendWithDoctype(String declarations, String reference) {
        Document request = request(envoi).build();
        String xml = new String(Envelopes.serialize(request), StandardCharsets.UTF_8);
        int afterDeclaration = xml.indexOf("?>") + 2;
        String doctype = "<!DOCTYPE " + request.getDocumentElement().getTagName() + " [" + declarations + "]>";
        String hostile = xml.substring(0, afterDeclaration) + doctype
                + xml.substring(afterDeclaration).replace(batchId(envoi), reference);
        return send(SoapVersion.SOAP_12, "SoumettreProjets", hostile.getBytes(StandardCharsets.UTF_8));
    }
}
