package ma.pmogateway.contract;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ma.pmogateway.error.Messages;

/**
 * Words a schema violation for the project officer who fixes the export: in French and in English,
 * naming the element or attribute, the value found (shortened) and what the contract expects, without
 * the validator's wording, its regular expressions or its type names.
 *
 * <p>The validator's errors carry their arguments only inside its English text, whose shape each
 * error key fixes (the JDK's Xerces message catalogue); they are read back from there and put into
 * the gateway's own templates ({@code probleme.schema.*} in the error bundles). The expected form of
 * a pattern comes from the schema type's entry there ({@code probleme.schema.forme.<Type>}), written
 * as examples. An error this class has no words for is named by its check, never quoted.
 */
final class SchemaMessages {

    /** Values longer than this many characters are shortened in messages. */
    static final int MAX_VALUE_CHARACTERS = 60;
    private static final int SHORTENED_CHARACTERS = 50;

    private static final String VALUE = "'(.*)'";
    private static final Pattern PATTERN = facet("Value " + VALUE + " is not facet-valid with respect to pattern '.*'"
            + " for type '([^']*)'\\.");
    private static final Pattern ENUMERATION = facet("Value " + VALUE + " is not facet-valid with respect to enumeration"
            + " '\\[(.*)\\]'\\. It must be a value from the enumeration\\.");
    private static final Pattern BOUND = facet("Value " + VALUE + " is not facet-valid with respect to \\w+ '(.*)'"
            + " for type '[^']*'\\.");
    private static final Pattern LENGTH = facet("Value " + VALUE + " with length = '\\d+' is not facet-valid with respect"
            + " to \\w+ '(\\d+)' for type '[^']*'\\.");
    private static final Pattern DIGITS = facet("Value " + VALUE + " has (\\d+) \\w+ digits, but the number of \\w+ digits"
            + " has been limited to (\\d+)\\.");
    private static final Pattern DATATYPE = facet(VALUE + " is not a valid value (?:for|of union type) '([^']*)'\\.");
    private static final Pattern ELEMENT_VALUE = facet("The value " + VALUE + " of element '[^']*' is not valid\\.");
    private static final Pattern ATTRIBUTE_VALUE = facet("The value " + VALUE + " of attribute '[^']*' on element '[^']*'"
            + " is not valid with respect to its type, '[^']*'\\.");
    private static final Pattern FOUND_EXPECTED = facet(".*element '(.*?)'(?:\\.| is not complete\\.) One of '\\{(.*)\\}'"
            + " is expected\\.");
    private static final Pattern FOUND = facet(".*element '(.*?)'\\..*");
    private static final Pattern MAXIMUM = facet("'(.*?)' can occur a maximum of '(\\d+)' times.*");
    private static final Pattern MINIMUM = facet(".*'(.*?)' is expected to occur a minimum of '(\\d+)' times.*");
    private static final Pattern ATTRIBUTE = facet("Attribute '(.*?)' .*");
    private static final Pattern DUPLICATE = facet("Duplicate \\w+ value \\[(.*)\\] declared for identity constraint"
            + " \"(.*)\" of element \".*\"\\.");
    private static final Pattern KEY_NOT_FOUND = facet("Key '(.*)' with value '(.*)' not found for identity constraint"
            + " of element '.*'\\.");
    /** A name in the validator's lists: {@code "uri":Name}, {@code prefix:Name} or {@code Name}. */
    private static final Pattern NAME = Pattern.compile("(?:\"[^\"]*\":)?(?:[^\\s,:{}\"]+:)?([^\\s,:{}\"]+)");

    private SchemaMessages() {
    }

    /** A violation's texts. */
    record Texts(String french, String english) {
    }

    /**
     * Returns the texts of the validator's error {@code key} raised with {@code englishMessage} at
     * {@code xpath}; for an undeclared root, {@code rootNamespace} is the namespace the document's root
     * is in ("" for none) and {@code expectedNamespace} the contract's.
     */
    static Texts of(String key, String englishMessage, String xpath, String rootNamespace, String expectedNamespace) {
        String detail = englishMessage.replaceFirst("^cvc-[A-Za-z0-9.\\-]+: ", "");
        return new Texts(capitalised(text(key, detail, xpath, rootNamespace, expectedNamespace, Messages.FRENCH)),
                capitalised(text(key, detail, xpath, rootNamespace, expectedNamespace, Messages.ENGLISH)));
    }

    /**
     * Returns the texts of a document that is not well-formed: the parser's own sentence in each language
     * ({@code french}, {@code english}), introduced as a reading error, with its line and column.
     */
    static Texts notWellFormed(int line, int column, String french, String english) {
        String at = String.valueOf(line);
        String columnText = String.valueOf(column);
        return new Texts(Messages.problem("schema.xml-mal-forme", Messages.FRENCH, at, columnText, sentence(french)),
                Messages.problem("schema.xml-mal-forme", Messages.ENGLISH, at, columnText, sentence(english)));
    }

    /** The number of characters of {@code value} as XSD counts them: Unicode code points, not UTF-16 units. */
    static int characters(String value) {
        return value.codePointCount(0, value.length());
    }

    private static String text(String key, String detail, String xpath, String rootNamespace, String expectedNamespace,
            Locale locale) {
        String subject = subject(xpath, locale);
        return switch (key) {
            case "cvc-pattern-valid" -> match(PATTERN, detail).map(m -> template(key, locale, subject, shorten(m.group(1), locale),
                    form(m.group(2), locale))).orElseGet(() -> other(key, locale));
            case "cvc-enumeration-valid" -> match(ENUMERATION, detail).map(m -> template(key, locale, subject,
                    shorten(m.group(1), locale), m.group(2))).orElseGet(() -> other(key, locale));
            case "cvc-minInclusive-valid", "cvc-maxInclusive-valid", "cvc-minExclusive-valid", "cvc-maxExclusive-valid" ->
                    match(BOUND, detail).map(m -> template(key, locale, subject, shorten(m.group(1), locale),
                            bound(m.group(2)))).orElseGet(() -> other(key, locale));
            case "cvc-minLength-valid", "cvc-maxLength-valid", "cvc-length-valid" -> match(LENGTH, detail)
                    .map(m -> template(key, locale, subject, shorten(m.group(1), locale), characters(m.group(1)),
                            Integer.parseInt(m.group(2)))).orElseGet(() -> other(key, locale));
            case "cvc-fractionDigits-valid", "cvc-totalDigits-valid" -> match(DIGITS, detail).map(m -> template(key, locale,
                    subject, shorten(m.group(1), locale), m.group(2), m.group(3))).orElseGet(() -> other(key, locale));
            case "cvc-datatype-valid.1.2.1", "cvc-datatype-valid.1.2.3" -> match(DATATYPE, detail).map(m -> template(key,
                    locale, subject, shorten(m.group(1), locale), builtInType(m.group(2), locale)))
                    .orElseGet(() -> other(key, locale));
            case "cvc-type.3.1.3" -> match(ELEMENT_VALUE, detail).map(m -> template("valeur-invalide", locale, subject,
                    shorten(m.group(1), locale))).orElseGet(() -> other(key, locale));
            case "cvc-attribute.3" -> match(ATTRIBUTE_VALUE, detail).map(m -> template("valeur-invalide", locale, subject,
                    shorten(m.group(1), locale))).orElseGet(() -> other(key, locale));
            case "cvc-complex-type.2.2" -> template("valeur-invalide", locale, subject, "");
            case "cvc-complex-type.2.1", "cvc-complex-type.2.3", "cvc-type.3.1.1", "cvc-type.3.1.2" ->
                    template(key, locale, subject);
            case "cvc-complex-type.2.4.a", "cvc-complex-type.2.4.b" -> match(FOUND_EXPECTED, detail).map(m -> template(key,
                    locale, subject, localName(m.group(1)), alternatives(m.group(2), locale)))
                    .orElseGet(() -> other(key, locale));
            case "cvc-complex-type.2.4.c", "cvc-complex-type.2.4.d" -> match(FOUND, detail).map(m -> template(key, locale,
                    subject, localName(m.group(1)))).orElseGet(() -> other(key, locale));
            case "cvc-complex-type.2.4.e", "cvc-complex-type.2.4.f" -> match(MAXIMUM, detail).map(m -> template(
                    "trop-nombreux", locale, subject, localName(m.group(1)), m.group(2))).orElseGet(() -> other(key, locale));
            case "cvc-complex-type.2.4.g", "cvc-complex-type.2.4.h", "cvc-complex-type.2.4.i", "cvc-complex-type.2.4.j" ->
                    match(MINIMUM, detail).map(m -> template("trop-peu", locale, subject, localName(m.group(1)),
                            m.group(2))).orElseGet(() -> other(key, locale));
            case "cvc-complex-type.3.2.1", "cvc-complex-type.3.2.2", "cvc-complex-type.4" -> match(ATTRIBUTE, detail)
                    .map(m -> template(key.equals("cvc-complex-type.4") ? key : "cvc-complex-type.3.2.2", locale,
                            subject(elementOf(xpath), locale), localName(m.group(1))))
                    .orElseGet(() -> other(key, locale));
            case "cvc-elt.1.a" -> match(FOUND, detail).map(m -> undeclaredRoot(localName(m.group(1)), rootNamespace,
                    expectedNamespace, locale)).orElseGet(() -> other(key, locale));
            case "cvc-identity-constraint.4.1", "cvc-identity-constraint.4.2.2" -> match(DUPLICATE, detail)
                    .map(m -> template("doublon", locale, subject, shorten(m.group(1), locale),
                            named("contrainte", m.group(2), locale))).orElseGet(() -> other(key, locale));
            case "cvc-identity-constraint.4.3" -> match(KEY_NOT_FOUND, detail).map(m -> template("reference-inconnue", locale,
                    subject, shorten(m.group(2), locale), named("reference", m.group(1), locale)))
                    .orElseGet(() -> other(key, locale));
            default -> other(key, locale);
        };
    }

    private static String undeclaredRoot(String root, String rootNamespace, String expectedNamespace, Locale locale) {
        String variant = rootNamespace.equals(expectedNamespace) ? "cvc-elt.1.a"
                : rootNamespace.isEmpty() ? "cvc-elt.1.a.sans-espace" : "cvc-elt.1.a.espace";
        return template(variant, locale, "", root, rootNamespace, expectedNamespace);
    }

    /** "element X" or "attribute a of element X", from the last steps of {@code xpath}. */
    private static String subject(String xpath, Locale locale) {
        String[] steps = xpath.split("/");
        if (steps.length == 0) {
            return "";
        }
        String last = steps[steps.length - 1];
        if (last.startsWith("@") && steps.length > 1) {
            return Messages.problem("schema.sujet.attribut", locale, localName(steps[steps.length - 2]),
                    localName(last.substring(1)));
        }
        return Messages.problem("schema.sujet.element", locale, localName(last));
    }

    private static String elementOf(String xpath) {
        return xpath.endsWith("]") ? xpath : xpath.substring(0, Math.max(0, xpath.lastIndexOf('/')));
    }

    /** The local name of a step or qualified name: {@code ao:Quantite[2]} and {@code {"uri":Quantite}} give Quantite. */
    private static String localName(String name) {
        String withoutIndex = name.replaceFirst("\\[\\d+]$", "");
        Matcher matcher = NAME.matcher(withoutIndex);
        String local = withoutIndex;
        while (matcher.find()) {
            local = matcher.group(1);
        }
        return local;
    }

    /** The names of an expected-elements list, joined with "or". */
    private static String alternatives(String list, Locale locale) {
        List<String> names = new ArrayList<>();
        Matcher matcher = NAME.matcher(list);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return String.join(Messages.problem("schema.ou", locale), names);
    }

    private static String form(String type, Locale locale) {
        return Messages.problemIfDefined("schema.forme." + type, locale)
                .orElseGet(() -> Messages.problem("schema.forme", locale, type));
    }

    private static String builtInType(String type, Locale locale) {
        return Messages.problemIfDefined("schema.type." + type, locale)
                .orElseGet(() -> Messages.problem("schema.type", locale, type));
    }

    private static String named(String kind, String name, Locale locale) {
        return Messages.problemIfDefined("schema." + kind + "." + name, locale)
                .orElseGet(() -> Messages.problem("schema." + kind, locale, name));
    }

    /** A decimal bound as a person writes it ({@code 0.0} → 0); another bound (a date) as it is. */
    private static String bound(String value) {
        try {
            return new BigDecimal(value).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }

    /** {@code value}, or its first characters and its length when it is long (never a whole 4,000-character text). */
    static String shorten(String value, Locale locale) {
        int characters = characters(value);
        if (characters <= MAX_VALUE_CHARACTERS) {
            return value;
        }
        String start = value.substring(0, value.offsetByCodePoints(0, SHORTENED_CHARACTERS)).strip();
        return Messages.problem("schema.valeur-abregee", locale, start, characters);
    }

    /** A message that starts with its subject ("l'élément X est…") starts a sentence. */
    private static String capitalised(String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }

    private static String sentence(String parserMessage) {
        String text = parserMessage.strip();
        return text.endsWith(".") ? text : text + '.';
    }

    private static String other(String key, Locale locale) {
        return Messages.problem("schema.autre", locale, "", key);
    }

    private static String template(String key, Locale locale, Object... arguments) {
        return Messages.problem("schema." + key, locale, arguments);
    }

    private static Optional<Matcher> match(Pattern pattern, String detail) {
        Matcher matcher = pattern.matcher(detail);
        return matcher.matches() ? Optional.of(matcher) : Optional.empty();
    }

    private static Pattern facet(String regex) {
        return Pattern.compile(regex, Pattern.DOTALL);
    }
}
