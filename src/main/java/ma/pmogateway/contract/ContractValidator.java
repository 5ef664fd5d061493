package ma.pmogateway.contract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * its XPath, line and column and a message in French and in English that a project officer can act on.
 *
 * <p>The schema validator stops at nothing, so an integrator sees all problems at once, and each defect
 * is reported once: the validator's facet error (e.g. {@code cvc-pattern-valid}) absorbs the summary
 * error it raises right after for the same element or attribute. Messages are the gateway's own
 * ({@link SchemaMessages}), built from the validator's English report; a document that is not
 * well-formed is reported as such, with the parser's sentence in each language (its only second read).
 *
 * <p>Lengths are counted in characters, as XSD defines them (and as libxml2's {@code xmllint} does),
 * not in the UTF-16 units of the JDK's validator: a length error that the validator raises only because
 * of characters outside the Basic Multilingual Plane (emoji, some CJK) is withdrawn, with its summary.
 * This is exact for the bundled schemas, where no length facet is combined with an enumeration and no
 * minimum length exceeds 1 ({@code ContractValidatorTest} checks it): a UTF-16 count can only be too
 * high, and only against a maximum. Thread-safe.
 */
public final class ContractValidator {

    /** Key of the violation reported when the document is not well-formed XML (or is refused by the parser). */
    public static final String NOT_WELL_FORMED = "xml-mal-forme";

    /** At most this many violations are reported for one document. */
    public static final int MAX_VIOLATIONS = 1000;

    private static final String LOCALE_PROPERTY = "http://apache.org/xml/properties/locale";
    private static final Pattern ERROR_KEY = Pattern.compile("^(cvc-[A-Za-z0-9.\\-]+):");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[Aa]ttribute '([^']+)'");
    private static final Pattern LENGTH_ERROR = Pattern.compile("^cvc-(maxLength|length)-valid: Value '(.*)' with"
            + " length = '\\d+' is not facet-valid with respect to \\w+ '(\\d+)' for type '[^']*'\\.$", Pattern.DOTALL);
    private static final Set<String> VALUE_SUMMARY_KEYS = Set.of("cvc-type.3.1.3", "cvc-attribute.3",
            "cvc-complex-type.2.2");
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
        Reading english = read(contract, document, Locale.ENGLISH, soapBody);
        List<RawError> errors = english.errors();
        List<SchemaViolation> violations = new ArrayList<>();
        for (int i = 0; i < errors.size(); i++) {
            RawError error = errors.get(i);
            if (error.key().equals(NOT_WELL_FORMED)) {
                violations.add(notWellFormed(error, contract, document, soapBody));
            } else if (i + 1 < errors.size() && errors.get(i + 1).summarises(error)) {
                violations.add(error.toViolation(errors.get(i + 1).attributePath(), english.rootNamespace(), contract));
                i++;
            } else {
                violations.add(error.toViolation(error.attributePath(), english.rootNamespace(), contract));
            }
        }
        return violations;
    }

    /** The reading error, worded with the parser's French sentence too (read a second time, in French). */
    private SchemaViolation notWellFormed(RawError english, Contract contract, byte[] document, boolean soapBody) {
        String french = read(contract, document, Locale.FRENCH, soapBody).errors().stream()
                .filter(error -> error.key().equals(NOT_WELL_FORMED)).reduce((first, second) -> second)
                .map(RawError::message).orElse(english.message());
        SchemaMessages.Texts texts = SchemaMessages.notWellFormed(english.line(), english.column(), french,
                english.message());
        return new SchemaViolation(NOT_WELL_FORMED, english.path(), english.line(), english.column(), texts.french(),
                texts.english());
    }

    /** The errors of one read, and the namespace of the root element met ("" if none, or no root). */
    private record Reading(List<RawError> errors, String rootNamespace) {
    }

    private Reading read(Contract contract, byte[] document, Locale locale, boolean soapBody) {
        List<RawError> errors = new ArrayList<>();
        ElementPathTracker tracker = new ElementPathTracker();
        ValidatorHandler validator = schemas.schema(contract).newValidatorHandler();
        try {
            validator.setProperty(LOCALE_PROPERTY, locale);
            XMLReader reader = SecureXml.xmlReader();
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
        } catch (SAXException | IOException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, contract.resource());
        }
        return new Reading(errors, tracker.rootNamespace());
    }

    /**
     * Since contract v1.1 the operation wrappers hold the batch in a local element that repeats the batch's
     * uniqueness constraints under names of their own (XSD wants one name per constraint and namespace,
     * xsd/ao/suivi-projets-v1.xsd): a sender is told the name the batch's schema gives the constraint, in a
     * submission as in a dry run.
     */
    private static final Pattern WRAPPER_CONSTRAINT =
            Pattern.compile("\"(projetUniqueDansEnvoiFiches|situationUniqueParProjetEtDate)(?:Soumis|Soumise)\"");

    /**
     * Records each validation error with the path of the element being read when it was raised, except
     * a length error due only to counting UTF-16 units, and the summary the validator raises after it.
     */
    private static final class Collector implements ErrorHandler {

        private final List<RawError> errors;
        private final ElementPathTracker tracker;
        private RawError withdrawn;

        Collector(List<RawError> errors, ElementPathTracker tracker) {
            this.errors = errors;
            this.tracker = tracker;
        }

        @Override
        public void warning(SAXParseException exception) {
            // Schema warnings do not make a document invalid.
        }

        @Override
        public void error(SAXParseException e) {
            Matcher keyMatcher = ERROR_KEY.matcher(e.getMessage());
            String key = keyMatcher.find() ? keyMatcher.group(1) : NOT_WELL_FORMED;
            // An undeclared root element makes the whole document wrong, not one of its elements.
            String path = key.equals("cvc-elt.1.a") ? "/" : tracker.currentPath();
            RawError error = new RawError(key, path, e.getLineNumber(), e.getColumnNumber(),
                    WRAPPER_CONSTRAINT.matcher(e.getMessage()).replaceAll("\"$1\""));
            if (withdrawn != null && error.summarises(withdrawn)) {
                withdrawn = null;
                return;
            }
            withdrawn = null;
            if (withinCharacters(e.getMessage())) {
                withdrawn = error;
                return;
            }
            if (errors.size() < MAX_VIOLATIONS) {
                errors.add(error);
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }

        /** True for a maximum or exact length error whose value, counted in characters, has the length allowed. */
        private static boolean withinCharacters(String message) {
            Matcher length = LENGTH_ERROR.matcher(message);
            if (!length.matches()) {
                return false;
            }
            int characters = SchemaMessages.characters(length.group(2));
            int limit = Integer.parseInt(length.group(3));
            return length.group(1).equals("maxLength") ? characters <= limit : characters == limit;
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

        SchemaViolation toViolation(String xpath, String rootNamespace, Contract contract) {
            SchemaMessages.Texts texts = SchemaMessages.of(key, message, xpath, rootNamespace, contract.namespace());
            return new SchemaViolation(key, xpath, line, column, texts.french(), texts.english());
        }
    }
}
