package ma.pmogateway.service;

import java.util.List;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;

/**
 * The opaque paging cursor of RecupererRetours: the position of the last feedback returned, written
 * {@code r} + base 36. Callers only hand back what they were given.
 */
final class Cursors {

    private static final String PREFIX = "r";

    private Cursors() {
    }

    static String encode(long position) {
        return PREFIX + Long.toString(position, 36);
    }

    /** Returns the position in {@code cursor}, 0 (the beginning) when absent. */
    static long decode(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            if (cursor.startsWith(PREFIX)) {
                return Long.parseLong(cursor.substring(PREFIX.length()), 36);
            }
        } catch (NumberFormatException e) {
            // Reported below like any cursor this gateway never issued.
        }
        Problem problem = Problem.error(Problem.Step.CONTRAT, null, "/svc:RecupererRetours[1]/svc:Depuis[1]", -1, -1,
                "Curseur inconnu : reprenez le dernier CurseurSuivant reçu.",
                "Unknown cursor: send back the last CurseurSuivant received.");
        throw new GatewayException(ErrorCode.CONTRAT_INVALIDE, List.of(problem), null, 1);
    }
}
