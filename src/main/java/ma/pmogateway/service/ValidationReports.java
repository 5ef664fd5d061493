package ma.pmogateway.service;

import java.math.BigInteger;
import java.util.List;

import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.error.Problem;
import ma.pmogateway.rules.Severity;
import ma.pmogateway.rules.ValidationReport;

/**
 * The ValiderEnvoi answer: the problems a submission of the same batch would be refused with, located in
 * the batch document (EnvoiFichesProjets or EnvoiSituations) as sent inside EnvoiAValider.
 *
 * <p>The steps are a submission's, in its order, each on what the one before let through: the schema;
 * then the sender's rights over the batch's projects; then the business rules, the translation and its
 * PMO check. The report lists every problem of the first step that has any, as the submission's fault
 * would, so that the dry run and the submission cannot disagree.
 */
final class ValidationReports {

    private ValidationReports() {
    }

    /**
     * Returns the answer for {@code report} (schema, rules, translation) and the {@code authorisation}
     * problems of the same batch: the schema's problems if it has any, else the authorisation's if any,
     * else the report's.
     */
    static RapportValidation of(ValidationReport report, List<Problem> authorisation) {
        RapportValidation answer = new RapportValidation();
        report.envoiId().ifPresent(answer::setIdentifiantEnvoi);
        answer.setNombreElements(BigInteger.valueOf(report.elementCount()));
        answer.setVersionTransformation(report.transformationVersion());
        answer.setVersionListesCodes(report.codeListsVersion());
        boolean schemaValid = report.problems().stream()
                .noneMatch(problem -> problem.step() == ma.pmogateway.rules.Problem.Step.CONTRAT);
        if (schemaValid && !authorisation.isEmpty()) {
            answer.setValide(false);
            authorisation.forEach(problem -> answer.getProbleme().add(FaultDetails.probleme(problem)));
            return answer;
        }
        answer.setValide(report.valid());
        for (ma.pmogateway.rules.Problem problem : report.problems()) {
            answer.getProbleme().add(FaultDetails.probleme(new Problem(problem.ruleId(),
                    problem.severity() == Severity.AVERTISSEMENT, problem.messageFr(), problem.messageEn(),
                    problem.xpath(), problem.line(), problem.column())));
        }
        return answer;
    }
}
