package ma.pmogateway.xml;

import java.io.ByteArrayInputStream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.sax.SAXSource;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import net.sf.saxon.Configuration;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.trans.XPathException;

/**
 * The one place where the gateway obtains XML parsers and schema factories, all hardened the same way.
 *
 * <p>Every factory has secure processing on, refuses DOCTYPE declarations outright (which rules out
 * entity expansion, billion laughs and external DTDs) and may not fetch anything over the network:
 * external DTD, schema and stylesheet access is restricted to nothing, except for schema factories,
 * which may read bundled files ({@code jar:} and {@code file:}) through an explicit resolver.
 *
 * <p>Parsers for the request path come from {@link #xmlReader()} and {@link #documentBuilder()}: a new
 * parser each time, from a hardened factory kept per thread. Making a factory looks its implementation
 * up in every jar of the class path, which cost more than the parse it served (docs/BENCHMARKS.md), and
 * JAXP does not promise that one factory may serve several threads at once.
 */
public final class SecureXml {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";
    private static final String NO_ACCESS = "";

    private static final ThreadLocal<SAXParserFactory> SAX_PARSERS = ThreadLocal.withInitial(SecureXml::saxParserFactory);
    private static final ThreadLocal<DocumentBuilderFactory> DOM_BUILDERS =
            ThreadLocal.withInitial(SecureXml::documentBuilderFactory);

    /**
     * Raises every error: the JDK parsers' default handler also prints it on the standard error stream,
     * where a hostile request would write the gateway's console.
     */
    private static final ErrorHandler RAISE = new DefaultHandler() {
        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private SecureXml() {
    }

    /**
     * Returns a new namespace-aware SAX reader, hardened as {@link #saxParserFactory()} describes, that
     * reports a document it cannot read only by its exception until its caller sets a handler of its own.
     */
    public static XMLReader xmlReader() {
        try {
            XMLReader reader = SAX_PARSERS.get().newSAXParser().getXMLReader();
            reader.setErrorHandler(RAISE);
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("XML parser cannot be created", e);
        }
    }

    /**
     * Returns a new namespace-aware DOM builder, hardened as {@link #documentBuilderFactory()} describes,
     * that reports a document it cannot read only by its exception.
     */
    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilder builder = DOM_BUILDERS.get().newDocumentBuilder();
            builder.setErrorHandler(RAISE);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be created", e);
        }
    }

    /** Returns a namespace-aware DOM factory that rejects DOCTYPEs and resolves nothing externally. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        try {
            refuseDoctypesAndEntities(factory::setFeature);
        } catch (Exception e) {
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
            refuseDoctypesAndEntities(factory::setFeature);
        } catch (Exception e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
        return factory;
    }

    /** Sets a parser factory's features, whatever its type. */
    private interface FeatureSetter {
        void set(String feature, boolean value) throws Exception;
    }

    /** The features every parser factory gets: secure processing, no DOCTYPE, no external entity or DTD. */
    private static void refuseDoctypesAndEntities(FeatureSetter factory) throws Exception {
        factory.set(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.set(DISALLOW_DOCTYPE, true);
        factory.set(EXTERNAL_GENERAL_ENTITIES, false);
        factory.set(EXTERNAL_PARAMETER_ENTITIES, false);
        factory.set(LOAD_EXTERNAL_DTD, false);
    }

    /** Returns a StAX factory with DTDs and external entities switched off. */
    public static XMLInputFactory xmlInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        // Whatever implementation is found (the JDK's or Woodstox), nothing may be resolved.
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new javax.xml.stream.XMLStreamException("external resource refused: " + systemId);
        });
        if (factory.isPropertySupported(XMLConstants.ACCESS_EXTERNAL_DTD)) {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, NO_ACCESS);
        }
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

    /**
     * Returns a Saxon processor that can reach nothing outside what its caller hands it: no extension
     * functions, no resource by URI ({@code document()}, {@code doc()}, {@code unparsed-text()},
     * {@code collection()}, {@code xsl:include} and {@code xsl:import} are refused, unless the caller
     * installs a resolver of its own on a compiler or transformer), no DTD validation and no XInclude.
     *
     * <p>Documents must be given to it as {@link #source} sources, so that they are read by the
     * hardened SAX parser rather than by one Saxon would configure itself.
     */
    public static Processor saxonProcessor() {
        Processor processor = new Processor(false);
        processor.setConfigurationProperty(Feature.ALLOW_EXTERNAL_FUNCTIONS, false);
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, NO_ACCESS);
        processor.setConfigurationProperty(Feature.DTD_VALIDATION, false);
        processor.setConfigurationProperty(Feature.XINCLUDE, false);
        // ALLOWED_PROTOCOLS alone does not stop unparsed-text() or collection() from reading local
        // files (checked by a test): each kind of access gets a resolver that refuses everything.
        Configuration configuration = processor.getUnderlyingConfiguration();
        configuration.setResourceResolver(request -> {
            throw new XPathException("Access refused to " + request.uri);
        });
        configuration.setUnparsedTextURIResolver((uri, encoding, config) -> {
            throw new XPathException("Access refused to " + uri);
        });
        configuration.setCollectionFinder((context, uri) -> {
            throw new XPathException("Access refused to collection " + uri);
        });
        return processor;
    }

    /** Returns {@code document} as a source read through a new {@link #xmlReader()} (for JAXB, Saxon, …). */
    public static SAXSource source(byte[] document) {
        return new SAXSource(xmlReader(), new InputSource(new ByteArrayInputStream(document)));
    }

    /**
     * Returns {@code document} as {@link #source(byte[])} does, with {@code systemId} as its base URI, used
     * only to name it in messages and to resolve relative references through the caller's own resolver.
     */
    public static SAXSource source(byte[] document, String systemId) {
        SAXSource source = source(document);
        source.setSystemId(systemId);
        return source;
    }
}
