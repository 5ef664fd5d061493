package ma.pmogateway.xml;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXException;

/**
 * The one place where the gateway obtains XML parsers and schema factories, all hardened the same way.
 *
 * <p>Every factory has secure processing on, refuses DOCTYPE declarations outright (which rules out
 * entity expansion, billion laughs and external DTDs) and may not fetch anything over the network:
 * external DTD, schema and stylesheet access is restricted to nothing, except for schema factories,
 * which may read bundled files ({@code jar:} and {@code file:}) through an explicit resolver.
 */
public final class SecureXml {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    private static final String NO_ACCESS = "";

    private SecureXml() {
    }

    /** Returns a namespace-aware DOM factory that rejects DOCTYPEs and resolves nothing externally. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, NO_ACCESS);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, NO_ACCESS);
        return factory;
    }

    /** Returns a namespace-aware SAX factory that rejects DOCTYPEs and resolves nothing externally. */
    public static SAXParserFactory saxParserFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            factory.setFeature(LOAD_EXTERNAL_DTD, false);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
        return factory;
    }

    /** Returns a StAX factory with DTDs and external entities switched off. */
    public static XMLInputFactory xmlInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, NO_ACCESS);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, NO_ACCESS);
        return factory;
    }

    /**
     * Returns a JAXP transformer factory for serialising and copying trees: secure processing on, and
     * no stylesheet or DTD may be fetched from anywhere.
     */
    public static TransformerFactory transformerFactory() {
        TransformerFactory factory = TransformerFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("Transformer factory cannot be hardened", e);
        }
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, NO_ACCESS);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, NO_ACCESS);
        return factory;
    }

    /**
     * Returns a W3C XML Schema factory for the bundled contracts: secure processing on, no DTDs, and
     * schema imports allowed only from {@code file:} and {@code jar:} locations (the contracts ship in
     * the jar and in the source tree; nothing is ever fetched over the network).
     */
    public static SchemaFactory schemaFactory() {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, NO_ACCESS);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file");
        } catch (SAXException e) {
            throw new IllegalStateException("Schema factory cannot be hardened", e);
        }
        return factory;
    }
}
