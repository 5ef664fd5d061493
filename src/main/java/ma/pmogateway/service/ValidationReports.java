package ma.pmogateway.service;

import java.math.BigInteger;
import java.util.List;

import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.error.Problem;
import ma.pmogateway.rules.Severity;
import ma.pmogateway.rules.ValidationReport;

/**
 * The ValiderEnvoi answer: every problem of a dry run, located in the batch document (EnvoiFichesProjets
 * or EnvoiSituations) as sent inside EnvoiAValider.
 */
final class ValidationReports {

    private ValidationReports() {
    }

    /**
     * Returns the answer reporting {@code authorisation}'s problems (the sender's rights: they come
     * first, as in a submission) and then {@code report}'s.
     */
    static RapportValidation of(ValidationReport report, List<Problem> authorisation) {
        RapportValidation answer = new RapportValidation();
        answer.setValide(report.valid() && authorisation.isEmpty());
        authorisation.forEach(problem -> answer.getProbleme().add(FaultDetails.probleme(problem)));
        report.envoiId().ifPresent(answer::setIdentifiantEnvoi);
        answer.setNombreElements(BigInteger.valueOf(report.elementCount()));
        answer.setVersionTransformation(report.transformationVersion());
        answer.setVersionListesCodes(report.codeListsVersion());
        for (ma.pmogateway.rules.Problem problem : report.problems()) {
            answer.getProbleme().add(FaultDetails.probleme(new Problem(problem.ruleId(),
                    problem.severity() == Severity.AVERTISSEMENT, problem.messageFr(), problem.messageEn(),
                    problem.xpath(), problem.line(), problem.column())));
        }
        return answer;
    }
}
