package ma.pmogateway.security;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.xml.SecureXml;

/**
 * Reads a received message once, as a stream, before anything else parses it, and refuses it if it
 * holds a DOCTYPE (hence any entity declaration, billion laughs included) or exceeds an
 * {@link XmlLimits} bound: counts, depth, and the length of every text node, comment, processing
 * instruction, attribute value and name.
 *
 * <p>A streaming pass costs little and holds no tree, so an oversized or hostile message is stopped
 * before WS-Security builds a DOM of it. Each refusal carries the {@link Reason} of the bound that
 * fired. Thread-safe.
 */
public final class XmlThreatGuard {

    /**
     * Woodstox's own bounds (512 KiB attribute values and namespace URIs, 1000 attributes, depth 1000),
     * lifted: it reports them as an anonymous parse error, and the guard must name the bound that fired.
     * The message size bounds what the parser may hold meanwhile. Other parsers ignore these names.
     */
    private static final Map<String, Object> PARSER_OWN_BOUNDS = Map.of(
            "com.ctc.wstx.maxAttributeSize", Integer.MAX_VALUE,
            "com.ctc.wstx.maxAttributesPerElement", Integer.MAX_VALUE,
            "com.ctc.wstx.maxElementDepth", Integer.MAX_VALUE);

    private static final XMLInputFactory FACTORY = factory();

    private final XmlLimits limits;

    public XmlThreatGuard(XmlLimits limits) {
        this.limits = limits;
    }

    /**
     * Returns normally if {@code message} is acceptable.
     *
     * @throws GatewayException with {@link ErrorCode#XML_REFUSE} and the {@link Reason} of the bound
     *                          exceeded ({@link Reason#XML_UNREADABLE} if the XML could not be read); its
     *                          cause (for the journal only) says what was found
     */
    public void inspect(byte[] message) {
        if (message.length > limits.maxMessageBytes()) {
            throw refused(Reason.XML_MESSAGE_TOO_LARGE, "message of " + message.length + " bytes");
        }
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(message));
            walk(reader);
        } catch (XMLStreamException e) {
            throw new GatewayException(Reason.XML_UNREADABLE, e, "-");
        } finally {
            close(reader);
        }
    }

    private void walk(XMLStreamReader reader) throws XMLStreamException {
        Deque<int[]> childCounts = new ArrayDeque<>();
        int elements = 0;
        // A parser may split one text node (or comment) into several events: count the run, not the event.
        int runKind = -1;
        long run = 0;
        while (reader.hasNext()) {
            int event = reader.next();
            if (runKind(event) != runKind) {
                runKind = runKind(event);
                run = 0;
            }
            switch (event) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                    throw refused(Reason.XML_DOCTYPE, "DOCTYPE or entity");
                case XMLStreamConstants.START_ELEMENT -> {
                    if (++elements > limits.maxElementCount()) {
                        throw refused(Reason.XML_ELEMENT_COUNT, "more than " + limits.maxElementCount() + " elements");
                    }
                    checkNames(reader);
                    if (!childCounts.isEmpty() && ++childCounts.peek()[0] > limits.maxChildElements()) {
                        throw refused(Reason.XML_CHILD_COUNT,
                                "more than " + limits.maxChildElements() + " children in " + reader.getLocalName());
                    }
                    childCounts.push(new int[1]);
                    if (childCounts.size() > limits.maxElementDepth()) {
                        throw refused(Reason.XML_DEPTH, "deeper than " + limits.maxElementDepth() + " elements");
                    }
                    checkAttributes(reader);
                }
                case XMLStreamConstants.END_ELEMENT -> childCounts.pop();
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                    run = checkLength(Reason.XML_TEXT_SIZE, "text node", run + reader.getTextLength());
                case XMLStreamConstants.COMMENT ->
                    run = checkLength(Reason.XML_COMMENT_SIZE, "comment", run + reader.getTextLength());
                case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
                    checkName("processing instruction target", reader.getPITarget());
                    String data = reader.getPIData();
                    run = checkLength(Reason.XML_PI_SIZE, "processing instruction", run + (data == null ? 0 : data.length()));
                }
                default -> {
                    // Start and end of document carry nothing to bound.
                }
            }
        }
    }

    /** Returns the kind of run {@code event} continues: text, CDATA and whitespace make one text node. */
    private static int runKind(int event) {
        return event == XMLStreamConstants.CDATA || event == XMLStreamConstants.SPACE ? XMLStreamConstants.CHARACTERS : event;
    }

    private long checkLength(Reason reason, String what, long length) {
        if (length > limits.maxTextBytes()) {
            throw refused(reason, what + " longer than " + limits.maxTextBytes() + " characters");
        }
        return length;
    }

    /** Checks the element's own name and the namespaces it declares; attribute names follow in checkAttributes. */
    private void checkNames(XMLStreamReader reader) {
        checkName("element name", reader.getLocalName());
        checkName("element prefix", reader.getPrefix());
        checkName("element namespace", reader.getNamespaceURI());
        for (int i = 0; i < reader.getNamespaceCount(); i++) {
            checkName("namespace prefix", reader.getNamespacePrefix(i));
            checkName("namespace URI", reader.getNamespaceURI(i));
        }
    }

    private void checkAttributes(XMLStreamReader reader) {
        if (reader.getAttributeCount() > limits.maxAttributeCount()) {
            throw refused(Reason.XML_ATTRIBUTE_COUNT, reader.getAttributeCount() + " attributes on " + reader.getLocalName());
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            checkName("attribute name", reader.getAttributeLocalName(i));
            checkName("attribute prefix", reader.getAttributePrefix(i));
            checkName("attribute namespace", reader.getAttributeNamespace(i));
            if (reader.getAttributeValue(i).length() > limits.maxAttributeBytes()) {
                throw refused(Reason.XML_ATTRIBUTE_SIZE, "attribute " + reader.getAttributeLocalName(i) + " too long");
            }
        }
    }

    private void checkName(String what, String name) {
        if (name != null && name.length() > limits.maxNameBytes()) {
            throw refused(Reason.XML_NAME_SIZE, what + " of " + name.length() + " characters");
        }
    }

    private static GatewayException refused(Reason reason, String why) {
        return new GatewayException(reason, new SecurityException(why), "-");
    }

    private static XMLInputFactory factory() {
        XMLInputFactory factory = SecureXml.xmlInputFactory();
        PARSER_OWN_BOUNDS.forEach((name, value) -> {
            if (factory.isPropertySupported(name)) {
                factory.setProperty(name, value);
            }
        });
        return factory;
    }

    private static void close(XMLStreamReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (XMLStreamException e) {
                // Nothing is held open: the source is an in-memory array.
            }
        }
    }
}
