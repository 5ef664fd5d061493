package ma.pmogateway.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.validation.ValidatorHandler;

import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * Validates a document against one of the published contracts and reports every violation, each with
 * its XPath, line and column and a message in French and in English.
 *
 * <p>The schema validator stops at nothing, so an integrator sees all problems at once. A value error
 * is reported once: the validator's facet error (e.g. {@code cvc-pattern-valid}) absorbs the summary
 * error it raises right after for the same element or attribute. Messages come from the validator in
 * both languages; the document is read a second time, only when it is invalid, for the French texts.
 * Thread-safe.
 */
public final class ContractValidator {

    /** Key of the violation reported when the document is not well-formed XML (or is refused by the parser). */
    public static final String NOT_WELL_FORMED = "xml-mal-forme";

    /** At most this many violations are reported for one document. */
    public static final int MAX_VIOLATIONS = 1000;

    private static final String LOCALE_PROPERTY = "http://apache.org/xml/properties/locale";
    private static final Pattern ERROR_KEY = Pattern.compile("^(cvc-[A-Za-z0-9.\\-]+):");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[Aa]ttribute '([^']+)'");
    private static final Set<String> VALUE_SUMMARY_KEYS = Set.of("cvc-type.3.1.3", "cvc-attribute.3");
    private static final Set<String> ATTRIBUTE_KEYS = Set.of("cvc-attribute.3", "cvc-complex-type.3.2.2");

    private final ContractSchemas schemas;

    /** Creates a validator over the given compiled schemas. */
    public ContractValidator(ContractSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * Returns every violation of {@code contract} by {@code document}, in document order; an empty
     * list means the document is valid.
     */
    public List<SchemaViolation> validate(Contract contract, byte[] document) {
        return validate(contract, document, false);
    }

    /**
     * Returns every violation of {@code contract} by the payload inside the SOAP Body of
     * {@code envelope} (SOAP 1.1 or 1.2). Paths start at the payload's root element; lines and columns
     * are those of the envelope as received.
     */
    public List<SchemaViolation> validateSoapBody(Contract contract, byte[] envelope) {
        return validate(contract, envelope, true);
    }

    private List<SchemaViolation> validate(Contract contract, byte[] document, boolean soapBody) {
        List<RawError> english = read(contract, document, Locale.ENGLISH, soapBody);
        if (english.isEmpty()) {
            return List.of();
        }
        List<RawError> french = read(contract, document, Locale.FRENCH, soapBody);
        List<SchemaViolation> violations = new ArrayList<>();
        for (int i = 0; i < english.size(); i++) {
            RawError en = english.get(i);
            if (i + 1 < english.size() && english.get(i + 1).summarises(en)) {
                RawError summary = english.get(i + 1);
                violations.add(en.toViolation(summary.attributePath(), textAt(french, i, en)));
                i++;
            } else {
                violations.add(en.toViolation(en.attributePath(), textAt(french, i, en)));
            }
        }
        return violations;
    }

    private static String textAt(List<RawError> french, int index, RawError english) {
        return french.size() > index ? french.get(index).message() : english.message();
    }

    private List<RawError> read(Contract contract, byte[] document, Locale locale, boolean soapBody) {
        List<RawError> errors = new ArrayList<>();
        ElementPathTracker tracker = new ElementPathTracker();
        ValidatorHandler validator = schemas.schema(contract).newValidatorHandler();
        try {
            validator.setProperty(LOCALE_PROPERTY, locale);
            XMLReader reader = SecureXml.saxParserFactory().newSAXParser().getXMLReader();
            reader.setProperty(LOCALE_PROPERTY, locale);
            ErrorHandler collector = new Collector(errors, tracker);
            validator.setErrorHandler(collector);
            reader.setErrorHandler(collector);
            tracker.setContentHandler(validator);
            if (soapBody) {
                SoapBodyFilter body = new SoapBodyFilter();
                body.setContentHandler(tracker);
                reader.setContentHandler(body);
            } else {
                reader.setContentHandler(tracker);
            }
            reader.parse(new InputSource(new ByteArrayInputStream(document)));
        } catch (SAXParseException e) {
            errors.add(new RawError(NOT_WELL_FORMED, tracker.currentPath(), e.getLineNumber(), e.getColumnNumber(),
                    e.getMessage()));
        } catch (SAXException | ParserConfigurationException | IOException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, contract.resource());
        }
        return errors;
    }

    /**
     * Since contract v1.1 the operation wrappers hold the batch in a local element that repeats the batch's
     * uniqueness constraints under names of their own (XSD wants one name per constraint and namespace,
     * xsd/ao/suivi-projets-v1.xsd): a sender is told the name the batch's schema gives the constraint, in a
     * submission as in a dry run.
     */
    private static final Pattern WRAPPER_CONSTRAINT =
            Pattern.compile("\"(projetUniqueDansEnvoiFiches|situationUniqueParProjetEtDate)(?:Soumis|Soumise)\"");

    /** Records each validation error with the path of the element being read when it was raised. */
    private record Collector(List<RawError> errors, ElementPathTracker tracker) implements ErrorHandler {

        @Override
        public void warning(SAXParseException exception) {
            // Schema warnings do not make a document invalid.
        }

        @Override
        public void error(SAXParseException e) {
            if (errors.size() < MAX_VIOLATIONS) {
                Matcher keyMatcher = ERROR_KEY.matcher(e.getMessage());
                String key = keyMatcher.find() ? keyMatcher.group(1) : NOT_WELL_FORMED;
                // An undeclared root element makes the whole document wrong, not one of its elements.
                String path = key.equals("cvc-elt.1.a") ? "/" : tracker.currentPath();
                errors.add(new RawError(key, path, e.getLineNumber(), e.getColumnNumber(),
                        WRAPPER_CONSTRAINT.matcher(e.getMessage()).replaceAll("\"$1\"")));
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    }

    private record RawError(String key, String path, int line, int column, String message) {

        /** True if this error is the validator's summary of {@code facetError}, raised at the same place. */
        boolean summarises(RawError facetError) {
            return VALUE_SUMMARY_KEYS.contains(key) && !VALUE_SUMMARY_KEYS.contains(facetError.key)
                    && line == facetError.line && column == facetError.column && path.equals(facetError.path);
        }

        /** The path, extended with {@code /@name} when this error is about an attribute. */
        String attributePath() {
            Matcher attribute = ATTRIBUTE_NAME.matcher(message);
            return ATTRIBUTE_KEYS.contains(key) && attribute.find() ? path + "/@" + attribute.group(1) : path;
        }

        SchemaViolation toViolation(String xpath, String frenchMessage) {
            return new SchemaViolation(key, xpath, line, column, frenchMessage, message);
        }
    }
}
