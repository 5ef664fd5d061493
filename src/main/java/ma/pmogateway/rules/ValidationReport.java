package ma.pmogateway.rules;

import java.util.List;
import java.util.Optional;

import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;

/**
 * The complete result of a dry-run validation of an AO batch, shaped like {@code svc:RapportValidation}.
 *
 * @param valid                 true if no problem is an {@link Severity#ERREUR}
 * @param envoiId               the batch id (EnTete/IdentifiantEnvoi), if it could be read
 * @param elementCount          the number of fiches or situations in the batch (0 if it could not be read)
 * @param transformationVersion the stylesheet set used ({@code version;sha256=…})
 * @param codeListsVersion      the code-list set used
 * @param rulesVersion          the business-rule set used
 * @param problems              every problem found, schema problems first, then rules, then transformation
 * @param pmoDocument           the PMO document, present only when the batch is valid
 */
public record ValidationReport(boolean valid, Optional<String> envoiId, int elementCount,
        String transformationVersion, String codeListsVersion, String rulesVersion,
        List<Problem> problems, Optional<byte[]> pmoDocument) {

    /** Copies the problems. */
    public ValidationReport {
        problems = List.copyOf(problems);
    }
}
