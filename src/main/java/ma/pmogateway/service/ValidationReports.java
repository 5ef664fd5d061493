package ma.pmogateway.service;

import java.math.BigInteger;

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

    static RapportValidation of(ValidationReport report) {
        RapportValidation answer = new RapportValidation();
        answer.setValide(report.valid());
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
