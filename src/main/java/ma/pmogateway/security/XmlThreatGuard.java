package ma.pmogateway.security;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * Reads a received message once, as a stream, before anything else parses it, and refuses it if it
 * holds a DOCTYPE (hence any entity declaration, billion laughs included) or exceeds an
 * {@link XmlLimits} bound.
 *
 * <p>A streaming pass costs little and holds no tree, so an oversized or hostile message is stopped
 * before WS-Security builds a DOM of it. Thread-safe.
 */
public final class XmlThreatGuard {

    private static final XMLInputFactory FACTORY = SecureXml.xmlInputFactory();

    private final XmlLimits limits;

    public XmlThreatGuard(XmlLimits limits) {
        this.limits = limits;
    }

    /**
     * Returns normally if {@code message} is acceptable.
     *
     * @throws GatewayException with {@link ErrorCode#XML_REFUSE}; its cause (for the journal only) says
     *                          which bound was exceeded or why the XML could not be read
     */
    public void inspect(byte[] message) {
        if (message.length > limits.maxMessageBytes()) {
            throw refused("message of " + message.length + " bytes");
        }
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(message));
            walk(reader);
        } catch (XMLStreamException e) {
            throw new GatewayException(ErrorCode.XML_REFUSE, e, "-");
        } finally {
            close(reader);
        }
    }

    private void walk(XMLStreamReader reader) throws XMLStreamException {
        Deque<int[]> childCounts = new ArrayDeque<>();
        int elements = 0;
        // A parser may split one text node into several events: count the run, not the event.
        long textRun = 0;
        while (reader.hasNext()) {
            switch (reader.next()) {
                case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                    throw refused("DOCTYPE or entity");
                case XMLStreamConstants.START_ELEMENT -> {
                    textRun = 0;
                    if (++elements > limits.maxElementCount()) {
                        throw refused("more than " + limits.maxElementCount() + " elements");
                    }
                    if (!childCounts.isEmpty() && ++childCounts.peek()[0] > limits.maxChildElements()) {
                        throw refused("more than " + limits.maxChildElements() + " children in " + reader.getLocalName());
                    }
                    childCounts.push(new int[1]);
                    if (childCounts.size() > limits.maxElementDepth()) {
                        throw refused("deeper than " + limits.maxElementDepth() + " elements");
                    }
                    checkAttributes(reader);
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    textRun = 0;
                    childCounts.pop();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    textRun += reader.getTextLength();
                    if (textRun > limits.maxTextBytes()) {
                        throw refused("text node longer than " + limits.maxTextBytes() + " characters");
                    }
                }
                default -> {
                    // Comments and processing instructions carry no risk once DTDs are refused.
                }
            }
        }
    }

    private void checkAttributes(XMLStreamReader reader) {
        if (reader.getAttributeCount() > limits.maxAttributeCount()) {
            throw refused(reader.getAttributeCount() + " attributes on " + reader.getLocalName());
        }
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            if (reader.getAttributeValue(i).length() > limits.maxAttributeBytes()) {
                throw refused("attribute " + reader.getAttributeLocalName(i) + " too long");
            }
        }
    }

    private static GatewayException refused(String why) {
        return new GatewayException(ErrorCode.XML_REFUSE, new SecurityException(why), "-");
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
