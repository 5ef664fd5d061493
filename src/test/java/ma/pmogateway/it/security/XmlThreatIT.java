package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.error.Reason;

/**
 * Hostile XML is refused with XML_REFUSE by the threat guard, before any parser builds a tree of it,
 * and the journal records which bound fired: DOCTYPEs (so entities of every kind), messages above
 * limits.max-message-bytes (5 MiB), nesting, element, child and attribute counts, and over-long
 * attribute values, text nodes, comments and processing instructions (limits.max-text-bytes, 64 KiB)
 * and names (limits.max-name-bytes, 256). The gateway runs with its default limits, so that a 4 MB
 * comment fits in a message the size bound lets through. Each request is otherwise a validly signed,
 * acceptable one, the hostile part in an unsigned header element; each refusal is journaled REJETE.
 */
class XmlThreatIT extends GatewayTest {

    private static final int MAX_MESSAGE_BYTES = 5 << 20;
    private static final int FOUR_MB = 4 << 20;
    private static final int ONE_MB = 1 << 20;

    private EnvoiFichesProjets envoi;

    @BeforeEach
    void freshBatch() {
        envoi = casablancaFiches();
    }

    /**
     * Attack: XXE, an external entity reading file:///etc/passwd used as the batch id. Expected:
     * XML_DOCTYPE, and nothing of the file in the reply.
     */
    @Test
    void refusesDoctypeWithExternalEntity() {
        SoapReply reply = sendWithDoctype("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">", "&xxe;");
        assertRefused(reply, Reason.XML_DOCTYPE);
        assertFalse(new String(reply.body(), StandardCharsets.UTF_8).contains("root:"));
    }

    /** Attack: billion laughs, ten levels of ten internal entity references. Expected: XML_DOCTYPE. */
    @Test
    void refusesBillionLaughs() {
        StringBuilder entities = new StringBuilder("<!ENTITY lol0 \"lol\">");
        for (int level = 1; level <= 9; level++) {
            entities.append("<!ENTITY lol").append(level).append(" \"")
                    .append(("&lol" + (level - 1) + ";").repeat(10)).append("\">");
        }
        assertRefused(sendWithDoctype(entities.toString(), "&lol9;"), Reason.XML_DOCTYPE);
    }

    /** Attack: a validly signed request made 5.05 MiB by a comment in its payload. Expected: XML_MESSAGE_TOO_LARGE. */
    @Test
    void refusesOversizedMessage() {
        Document payload = Operations.soumettreProjets(envoi);
        payload.getDocumentElement().appendChild(payload.createComment("x".repeat(MAX_MESSAGE_BYTES + 50_000)));
        assertRefused(send(SignedRequest.of(payload).build()), Reason.XML_MESSAGE_TOO_LARGE);
    }

    /** Attack: an unsigned header nesting 100 elements (parser stack exhaustion). Expected: XML_DEPTH. */
    @Test
    void refusesTooDeepNesting() {
        Document request = request(envoi).build();
        Element parent = Envelopes.header(request);
        for (int depth = 0; depth < 100; depth++) {
            parent = (Element) parent.appendChild(Envelopes.foreign(request, "x"));
        }
        assertRefused(send(request), Reason.XML_DEPTH);
    }

    /** Attack: 60 unsigned header elements of 5000 children each, 300 000 elements. Expected: XML_ELEMENT_COUNT. */
    @Test
    void refusesTooManyElements() {
        Document request = request(envoi).build();
        for (int parent = 0; parent < 60; parent++) {
            addChildren(hostileHeaderElement(request), 5000);
        }
        assertRefused(send(request), Reason.XML_ELEMENT_COUNT);
    }

    /** Attack: an unsigned header element with 5001 children. Expected: XML_CHILD_COUNT. */
    @Test
    void refusesTooManyChildren() {
        Element crowded = hostileHeaderElement(request(envoi).build());
        addChildren(crowded, 5001);
        assertRefused(send(crowded.getOwnerDocument()), Reason.XML_CHILD_COUNT);
    }

    /** Attack: an unsigned header element with 100 attributes (hash-collision style). Expected: XML_ATTRIBUTE_COUNT. */
    @Test
    void refusesTooManyAttributes() {
        Element crowded = hostileHeaderElement(request(envoi).build());
        for (int i = 0; i < 100; i++) {
            crowded.setAttributeNS(null, "a" + i, "v");
        }
        assertRefused(send(crowded.getOwnerDocument()), Reason.XML_ATTRIBUTE_COUNT);
    }

    /** Attack: an unsigned header attribute of 1 MB (above the parser's own 512 KiB). Expected: XML_ATTRIBUTE_SIZE. */
    @Test
    void refusesMegabyteAttributeValue() {
        Element element = hostileHeaderElement(request(envoi).build());
        element.setAttributeNS(null, "a", "v".repeat(ONE_MB));
        assertRefused(send(element.getOwnerDocument()), Reason.XML_ATTRIBUTE_SIZE);
    }

    /** Attack: an unsigned header element holding 4 MB of text. Expected: XML_TEXT_SIZE. */
    @Test
    void refusesFourMegabyteText() {
        Element element = hostileHeaderElement(request(envoi).build());
        element.setTextContent("t".repeat(FOUR_MB));
        assertRefused(send(element.getOwnerDocument()), Reason.XML_TEXT_SIZE);
    }

    /** Attack: a 4 MB comment in the Header, within the message bound. Expected: XML_COMMENT_SIZE. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesFourMegabyteComment(SoapVersion version) {
        Document request = request(envoi).over(version).build();
        Envelopes.header(request).appendChild(request.createComment("c".repeat(FOUR_MB)));
        assertRefused(send(request), Reason.XML_COMMENT_SIZE);
    }

    /** Attack: a processing instruction of 4 MB data in the Header. Expected: XML_PI_SIZE. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesFourMegabyteProcessingInstruction(SoapVersion version) {
        Document request = request(envoi).over(version).build();
        Envelopes.header(request).appendChild(request.createProcessingInstruction("t", "d".repeat(FOUR_MB)));
        assertRefused(send(request), Reason.XML_PI_SIZE);
    }

    /** Attack: an unsigned header element whose name is 1 MB long. Expected: XML_NAME_SIZE. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesMegabyteElementName(SoapVersion version) {
        Document request = request(envoi).over(version).build();
        Envelopes.header(request).appendChild(Envelopes.foreign(request, "n".repeat(ONE_MB)));
        assertRefused(send(request), Reason.XML_NAME_SIZE);
    }

    /** Attack: an unsigned header element in a namespace whose URI is 1 MB long. Expected: XML_NAME_SIZE. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesMegabyteNamespaceUri(SoapVersion version) {
        Document request = request(envoi).over(version).build();
        Element element = request.createElementNS("urn:" + "u".repeat(ONE_MB), "att:x");
        Envelopes.declarePrefix(element);
        Envelopes.header(request).appendChild(element);
        assertRefused(send(request), Reason.XML_NAME_SIZE);
    }

    /** Attack: an unsigned header element with an attribute whose name is 1 MB long. Expected: XML_NAME_SIZE. */
    @Test
    void refusesMegabyteAttributeName() {
        Element element = hostileHeaderElement(request(envoi).build());
        element.setAttributeNS(null, "a".repeat(ONE_MB), "v");
        assertRefused(send(element.getOwnerDocument()), Reason.XML_NAME_SIZE);
    }

    /** Attack: a signed request cut short, its envelope never closed. Expected: XML_UNREADABLE. */
    @Test
    void refusesTruncatedEnvelope() {
        byte[] whole = Envelopes.serialize(request(envoi).build());
        byte[] truncated = Arrays.copyOf(whole, whole.length - 20);
        assertRefused(send(SoapVersion.SOAP_12, "SoumettreProjets", truncated), Reason.XML_UNREADABLE);
    }

    /** Appends a foreign element to {@code request}'s Header and returns it. */
    private static Element hostileHeaderElement(Document request) {
        return (Element) Envelopes.header(request).appendChild(Envelopes.foreign(request, "x"));
    }

    private static void addChildren(Element parent, int count) {
        for (int i = 0; i < count; i++) {
            parent.appendChild(parent.getOwnerDocument().createElementNS("urn:attaquant", "att:c"));
        }
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
