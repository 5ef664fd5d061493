package ma.pmogateway.error;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's one exception: a stable {@link ErrorCode} plus the arguments of its message templates.
 *
 * <p>The Java message (for logs) is the English text; callers receive the French and English texts
 * through {@link #text(Locale)}.
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final Reason reason;
    private final transient Object[] arguments;
    private final transient List<Problem> problems;

    /** Creates an exception for {@code code} whose message templates take {@code arguments}. */
    public GatewayException(ErrorCode code, Throwable cause, Object... arguments) {
        this(Reason.generic(code), List.of(), cause, arguments);
    }

    /** Creates an exception for {@code code} listing the precise {@code problems} found. */
    public GatewayException(ErrorCode code, List<Problem> problems, Throwable cause, Object... arguments) {
        this(Reason.generic(code), problems, cause, arguments);
    }

    /** Creates an exception of the precise {@code reason}, reported under its code. */
    public GatewayException(Reason reason, Throwable cause, Object... arguments) {
        this(reason, List.of(), cause, arguments);
    }

    /** Creates an exception of the precise {@code reason} listing the {@code problems} found. */
    public GatewayException(Reason reason, List<Problem> problems, Throwable cause, Object... arguments) {
        super(reason.code().name() + " (" + reason.name() + "): "
                + Messages.text(reason.code(), Messages.ENGLISH, arguments), cause);
        this.code = reason.code();
        this.reason = reason;
        this.arguments = arguments.clone();
        this.problems = List.copyOf(problems);
    }

    /** Returns the problems found, in document order (empty for errors that have none). */
    public List<Problem> problems() {
        return problems;
    }

    /** Returns the stable error code. */
    public ErrorCode code() {
        return code;
    }

    /** Returns the precise defence that fired (journaled, never told to the caller of a security failure). */
    public Reason reason() {
        return reason;
    }

    /** Returns the message in {@code locale} (French or English). */
    public String text(Locale locale) {
        return Messages.text(code, locale, arguments);
    }

    /**
     * Returns the message in French, then in English, for an operator: a list of problems that is already
     * in both languages (configuration, registry) under both headlines once.
     */
    public String bilingualText() {
        String french = text(Messages.FRENCH);
        String english = text(Messages.ENGLISH);
        int frenchEnd = french.indexOf('\n');
        int englishEnd = english.indexOf('\n');
        if (frenchEnd > 0 && englishEnd > 0 && french.substring(frenchEnd).equals(english.substring(englishEnd))) {
            return french.substring(0, frenchEnd) + "\n" + english.substring(0, englishEnd) + "\n"
                    + french.substring(frenchEnd + 1);
        }
        return french + "\n" + english;
    }

    /** Returns the message arguments, for fault rendering. */
    public Object[] arguments() {
        return Arrays.copyOf(arguments, arguments.length);
    }
}
