package ma.pmogateway.contract;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * A SAX filter that lets through only what lies inside the SOAP Body of an envelope, so that the
 * payload can be validated in place: line and column numbers stay those of the received message.
 * Namespace declarations pass through wherever they are, since the payload may rely on the Envelope's.
 */
final class SoapBodyFilter extends XMLFilterImpl {

    private int depth;
    private boolean inBody;

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        depth++;
        if (inBody) {
            super.startElement(uri, localName, qName, atts);
        } else if (depth == 2 && "Body".equals(localName) && isSoap(uri)) {
            inBody = true;
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        if (inBody && depth == 2) {
            inBody = false;
        } else if (inBody) {
            super.endElement(uri, localName, qName);
        }
        depth--;
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (inBody && depth > 2) {
            super.characters(ch, start, length);
        }
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        if (inBody && depth > 2) {
            super.ignorableWhitespace(ch, start, length);
        }
    }

    private static boolean isSoap(String uri) {
        return Namespaces.SOAP11.equals(uri) || Namespaces.SOAP12.equals(uri);
    }
}
