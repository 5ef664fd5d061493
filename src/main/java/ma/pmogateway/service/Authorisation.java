package ma.pmogateway.service;

import java.util.List;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;

/** Builds the precise problems of an authorisation refusal: who, what, and for which project and region. */
final class Authorisation {

    private Authorisation() {
    }

    /** Returns the problem {@code probleme.<key>} at {@code xpath}, its templates taking {@code arguments}. */
    static Problem problem(String key, String xpath, Object... arguments) {
        return new Problem(null, false, Messages.problem(key, Messages.FRENCH, arguments),
                Messages.problem(key, Messages.ENGLISH, arguments), xpath, -1, -1);
    }

    /** Returns the {@link ErrorCode#NON_AUTORISE} refusal of {@code sender} listing {@code problems}. */
    static GatewayException refusal(String sender, List<Problem> problems) {
        return new GatewayException(ErrorCode.NON_AUTORISE, problems, null, sender, problems.size());
    }
}
