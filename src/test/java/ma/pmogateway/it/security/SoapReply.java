package ma.pmogateway.it.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The gateway's answer to a raw request: HTTP status and body, with readers for the parts of a
 * gateway fault ({@code cm:DetailErreur}: code, correlation id, problems).
 *
 * @param status HTTP status code
 * @param body   the response body as received
 */
public record SoapReply(int status, byte[] body) {

    /** Namespace of the gateway's common types (cm:DetailErreur, cm:AccuseReception). */
    public static final String COMMON_NS = "urn:ma:pmo-gateway:commun:v1";

    /** Returns the body parsed as XML. */
    public Document document() {
        return Envelopes.parse(body);
    }

    /** Returns the SOAP Fault element (either version). */
    public Element fault() {
        Document document = document();
        return Envelopes.descendant(document.getDocumentElement(), Envelopes.version(document).namespace(), "Fault");
    }

    /** Returns the cm:Code of the fault's cm:DetailErreur, e.g. SECURITE_REFUSEE. */
    public String errorCode() {
        return detailText("Code");
    }

    /** Returns the cm:IdentifiantCorrelation of the fault's cm:DetailErreur: the journal's exchange id. */
    public String correlationId() {
        return detailText("IdentifiantCorrelation");
    }

    /** Returns the messages (both languages) of every cm:Probleme of the fault's detail. */
    public List<String> problems() {
        NodeList problems = detail().getElementsByTagNameNS(COMMON_NS, "Probleme");
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < problems.getLength(); i++) {
            NodeList texts = ((Element) problems.item(i)).getElementsByTagNameNS(COMMON_NS, "Message");
            for (int j = 0; j < texts.getLength(); j++) {
                messages.add(texts.item(j).getTextContent());
            }
        }
        return messages;
    }

    /** Returns the receipt's cm:AccuseReception element. */
    public Element receipt() {
        return Envelopes.descendant(document().getDocumentElement(), COMMON_NS, "AccuseReception");
    }

    private Element detail() {
        return Envelopes.descendant(fault(), COMMON_NS, "DetailErreur");
    }

    private String detailText(String localName) {
        try {
            return Envelopes.child(detail(), COMMON_NS, localName).getTextContent();
        } catch (NoSuchElementException e) {
            throw new AssertionError("no gateway fault detail in: " + this, e);
        }
    }

    @Override
    public String toString() {
        return status + " " + new String(body, StandardCharsets.UTF_8);
    }
}
