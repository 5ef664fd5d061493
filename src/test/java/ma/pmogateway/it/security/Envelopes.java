package ma.pmogateway.it.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.NoSuchElementException;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.wss4j.dom.WSConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import ma.pmogateway.xml.SecureXml;

/**
 * Finds the parts of a SOAP envelope held as DOM (Header, Body, the WS-Security header and what it
 * holds), and turns envelopes into bytes and back, without changing a signed byte.
 */
public final class Envelopes {

    private Envelopes() {
    }

    /** Returns a new, empty, namespace-aware document. */
    public static Document newDocument() {
        try {
            return SecureXml.documentBuilderFactory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Declares {@code element}'s own prefix on it, as a parsed document would: canonicalisation sees only
     * declared namespaces, so an undeclared one would be signed without and serialised with it.
     */
    public static void declarePrefix(Element element) {
        element.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, XMLConstants.XMLNS_ATTRIBUTE + ":" + element.getPrefix(),
                element.getNamespaceURI());
    }

    /** Returns a new element {@code att:localName} of a namespace no party knows, as an attacker would add. */
    public static Element foreign(Document document, String localName) {
        Element element = document.createElementNS("urn:attaquant", "att:" + localName);
        declarePrefix(element);
        return element;
    }

    /** Parses {@code bytes} with the project's hardened factory (no DOCTYPE). */
    public static Document parse(byte[] bytes) {
        try {
            return SecureXml.documentBuilderFactory().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("not XML: " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    /** Returns {@code document} as UTF-8 bytes, unindented, so that signed content stays as signed. */
    public static byte[] serialize(Document document) {
        try {
            Transformer transformer = SecureXml.transformerFactory().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.INDENT, "no");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the SOAP version of the envelope {@code document}. */
    public static SoapVersion version(Document document) {
        return SoapVersion.of(document.getDocumentElement().getNamespaceURI());
    }

    /** Returns the envelope's Header. */
    public static Element header(Document document) {
        return child(document.getDocumentElement(), version(document).namespace(), "Header");
    }

    /** Returns the envelope's first Body directly under the Envelope. */
    public static Element body(Document document) {
        return child(document.getDocumentElement(), version(document).namespace(), "Body");
    }

    /** Returns the first element of the Body: the operation's payload. */
    public static Element payload(Document document) {
        for (Node node = body(document).getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return element;
            }
        }
        throw new NoSuchElementException("empty Body");
    }

    /** Returns the wsse:Security header. */
    public static Element security(Document document) {
        return child(header(document), WSConstants.WSSE_NS, WSConstants.WSSE_LN);
    }

    /** Returns the wsu:Timestamp of the wsse:Security header. */
    public static Element timestamp(Document document) {
        return child(security(document), WSConstants.WSU_NS, WSConstants.TIMESTAMP_TOKEN_LN);
    }

    /** Returns the ds:SignatureValue of the message's signature, without whitespace. */
    public static String signatureValue(Document document) {
        return descendant(document.getDocumentElement(), WSConstants.SIG_NS, "SignatureValue").getTextContent()
                .replaceAll("\\s", "");
    }

    /** Returns the first element named {@code namespace}:{@code localName} below {@code root}, in document order. */
    public static Element descendant(Element root, String namespace, String localName) {
        NodeList found = root.getElementsByTagNameNS(namespace, localName);
        if (found.getLength() == 0) {
            throw new NoSuchElementException(namespace + ":" + localName);
        }
        return (Element) found.item(0);
    }

    /** Returns the first child element of {@code parent} named {@code namespace}:{@code localName}. */
    public static Element child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && namespace.equals(element.getNamespaceURI())) {
                return element;
            }
        }
        throw new NoSuchElementException(namespace + ":" + localName + " in " + parent.getLocalName());
    }
}
