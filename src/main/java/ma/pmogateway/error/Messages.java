package ma.pmogateway.error;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ResourceBundle;

/** Renders the French and English texts of an {@link ErrorCode} from its resource bundles. */
public final class Messages {

    /** The two languages every gateway message is given in, French first. */
    public static final Locale FRENCH = Locale.FRENCH;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private static final String BUNDLE = "ma.pmogateway.error.messages";

    private Messages() {
    }

    /**
     * Returns the message of {@code code} in {@code locale}, with {@code arguments} substituted.
     *
     * <p>Arguments are formatted with the message's own locale, never the JVM default, so that
     * numbers and dates read the same on every server.
     */
    public static String text(ErrorCode code, Locale locale, Object... arguments) {
        return format(code.name(), locale, arguments);
    }

    /**
     * Returns the text of the problem template {@code probleme.<key>} in {@code locale}, with
     * {@code arguments} substituted (same formatting rules as {@link #text}).
     */
    public static String problem(String key, Locale locale, Object... arguments) {
        return format("probleme." + key, locale, arguments);
    }

    /**
     * Returns the text of the problem template {@code probleme.<key>} in {@code locale} if the bundle
     * defines one (for templates looked up by a name found in data, such as a schema type's).
     */
    public static Optional<String> problemIfDefined(String key, Locale locale, Object... arguments) {
        return bundle(locale).containsKey("probleme." + key) ? Optional.of(problem(key, locale, arguments))
                : Optional.empty();
    }

    /**
     * Returns {@code problems} as one text in both languages, for the argument of an error such as
     * CONFIGURATION_INVALIDE: the heading {@code probleme.<headingKey>} with {@code arguments} in French
     * and in English, then each problem on two lines, French then English.
     */
    public static String problemList(String headingKey, List<Problem> problems, Object... arguments) {
        StringBuilder text = new StringBuilder()
                .append(problem(headingKey, FRENCH, arguments)).append(" / ")
                .append(problem(headingKey, ENGLISH, arguments)).append(':');
        for (Problem problem : problems) {
            text.append("\n  - ").append(problem.messageFr()).append("\n    ").append(problem.messageEn());
        }
        return text.toString();
    }

    private static String format(String key, Locale locale, Object... arguments) {
        return new MessageFormat(bundle(locale).getString(key), locale).format(arguments);
    }

    private static ResourceBundle bundle(Locale locale) {
        return ResourceBundle.getBundle(BUNDLE, locale, ResourceBundle.Control.getNoFallbackControl(
                ResourceBundle.Control.FORMAT_PROPERTIES));
    }
}
