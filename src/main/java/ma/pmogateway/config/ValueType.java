package ma.pmogateway.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import ma.pmogateway.error.Messages;

/**
 * What the value of a configuration key must be: a predicate on the trimmed text, and its description
 * for the operator ("an integer from 0 to 65535"), in French and English.
 *
 * <p>Checked when the configuration is loaded, so that the typed accessors of {@link GatewayConfig}
 * never meet a malformed value. Numbers are described with ASCII digits and no grouping, whatever the
 * locale. Immutable.
 */
final class ValueType {

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");
    private static final Pattern URL_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    private static final String CLASSPATH = "classpath:";

    private final Predicate<String> accepts;
    private final boolean list;
    private final String description;
    private final Object[] arguments;

    private ValueType(Predicate<String> accepts, String description, Object... arguments) {
        this(accepts, false, description, arguments);
    }

    private ValueType(Predicate<String> accepts, boolean list, String description, Object... arguments) {
        this.accepts = accepts;
        this.list = list;
        this.description = description;
        this.arguments = arguments;
    }

    /** Any text, the empty one included (passwords, user names). */
    static ValueType text() {
        return new ValueType(value -> true, "texte");
    }

    /** A text that is not empty. */
    static ValueType nonEmpty() {
        return new ValueType(value -> !value.isEmpty(), "non-vide");
    }

    /** An integer in {@code min..max}. */
    static ValueType integer(long min, long max) {
        return new ValueType(value -> inRange(value, min, max), "entier", Long.toString(min), Long.toString(max));
    }

    /** A duration in whole seconds, in {@code min..max}. */
    static ValueType seconds(long min, long max) {
        return new ValueType(value -> inRange(value, min, max), "secondes", Long.toString(min), Long.toString(max));
    }

    /** A duration in whole milliseconds, in {@code min..max}. */
    static ValueType millis(long min, long max) {
        return new ValueType(value -> inRange(value, min, max), "millisecondes", Long.toString(min),
                Long.toString(max));
    }

    /** An integer, or empty for none. */
    static ValueType integerOrEmpty() {
        return new ValueType(value -> value.isEmpty() || INTEGER.matcher(value).matches(), "entier-ou-vide");
    }

    /** {@code true} or {@code false}, in lower case. */
    static ValueType bool() {
        return new ValueType(value -> value.equals("true") || value.equals("false"), "booleen");
    }

    /** A decimal number from 0 to 1, with a decimal point. */
    static ValueType rate() {
        return new ValueType(value -> DECIMAL.matcher(value).matches() && Double.parseDouble(value) <= 1, "taux");
    }

    /** One of {@code values}, as written. */
    static ValueType choice(String... values) {
        Set<String> allowed = Set.of(values);
        return new ValueType(allowed::contains, "choix", String.join(", ", values));
    }

    /** A file or directory path, not empty. */
    static ValueType path() {
        return new ValueType(value -> !value.isEmpty() && isPath(value), "chemin");
    }

    /** Comma-separated paths, possibly none. */
    static ValueType pathList() {
        return new ValueType(value -> GatewayConfig.split(value).stream().allMatch(ValueType::isPath), true, "chemins");
    }

    /** A file path, or {@code classpath:NAME} for a resource of the gateway. */
    static ValueType location() {
        return new ValueType(value -> value.startsWith(CLASSPATH) ? value.length() > CLASSPATH.length()
                : !value.isEmpty() && isPath(value), "emplacement");
    }

    /** An absolute http or https URL, or empty. */
    static ValueType httpUrlOrEmpty() {
        return new ValueType(value -> value.isEmpty() || isHttpUrl(value), "url");
    }

    /** A JDBC URL ({@code jdbc:…}), or empty. */
    static ValueType jdbcUrlOrEmpty() {
        return new ValueType(value -> value.isEmpty() || value.startsWith("jdbc:") && value.length() > 5, "jdbc");
    }

    /** A host name, an IPv4 or an IPv6 address. */
    static ValueType host() {
        return new ValueType(value -> HOST_NAME.matcher(value).matches() || IPV6.matcher(value).matches(), "hote");
    }

    /** The path part of a URL: {@code /} followed by segments. */
    static ValueType urlPath() {
        return new ValueType(value -> URL_PATH.matcher(value).matches(), "chemin-url");
    }

    /** Returns true if {@code value}, trimmed, is a value of this type. */
    boolean accepts(String value) {
        return accepts.test(value);
    }

    /** Returns the items of {@code value}: its comma-separated ones for a list type, else itself. */
    List<String> items(String value) {
        return list ? GatewayConfig.split(value) : List.of(value);
    }

    /** Returns what a value of this type is, in {@code locale}: the end of "… is not {description}". */
    String describe(Locale locale) {
        return Messages.problem("config.type." + description, locale, arguments);
    }

    private static boolean inRange(String value, long min, long max) {
        if (!INTEGER.matcher(value).matches()) {
            return false;
        }
        long number = Long.parseLong(value);
        return number >= min && number <= max;
    }

    private static boolean isPath(String value) {
        try {
            Path.of(value);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
