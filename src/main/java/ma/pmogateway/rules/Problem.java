package ma.pmogateway.rules;

import java.util.Locale;

import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.contract.SchemaViolation;

/**
 * One problem found by a dry-run validation, whichever check found it: the shape of
 * {@code cm:Probleme} (rule, severity, messages, location) plus the step that found it.
 *
 * @param step      which check found it
 * @param ruleId    the business rule ({@code R-…}), or null for a schema or transformation problem
 * @param severity  whether it makes the batch invalid
 * @param xpath     where, in the gateway's XPath format; for a {@link Step#TRANSFORMATION} problem, in the
 *                  PMO document the gateway produced
 * @param line      1-based line, or -1 if unknown
 * @param column    1-based column, or -1 if unknown
 * @param messageFr the message in French
 * @param messageEn the message in English
 */
public record Problem(Step step, String ruleId, Severity severity, String xpath, int line, int column,
        String messageFr, String messageEn) {

    /** The check that found a problem, in the order they run. */
    public enum Step {
        /** Reading the document: it is not well-formed XML, so nothing else could be checked. */
        LECTURE,
        /** The AO schema (XSD). */
        CONTRAT,
        /** A business rule (Schematron, or journal-backed). */
        REGLE,
        /** The transformation, or the PMO schema check of its result: a defect of the gateway. */
        TRANSFORMATION
    }

    /** Returns the message in French for {@link Locale#FRENCH} (or any non-English locale), else in English. */
    public String message(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? messageEn : messageFr;
    }

    static Problem of(SchemaViolation violation) {
        Step step = ContractValidator.NOT_WELL_FORMED.equals(violation.key()) ? Step.LECTURE : Step.CONTRAT;
        return new Problem(step, null, Severity.ERREUR, violation.xpath(), violation.line(), violation.column(),
                violation.messageFr(), violation.messageEn());
    }

    static Problem of(RuleViolation violation) {
        return new Problem(Step.REGLE, violation.ruleId(), violation.severity(), violation.xpath(), violation.line(),
                violation.column(), violation.messageFr(), violation.messageEn());
    }

    /**
     * A problem of the gateway's own output (an invalid PMO document, or a transformation that stopped):
     * reported as the gateway's defect, not the sender's.
     */
    static Problem ofGatewayDefect(String xpath, int line, int column, String detailFr, String detailEn) {
        return new Problem(Step.TRANSFORMATION, null, Severity.ERREUR, xpath, line, column,
                "La passerelle n'a pas pu produire un document PMO valide (défaut de la passerelle, à signaler) : "
                        + detailFr,
                "The gateway could not produce a valid PMO document (a defect of the gateway, please report it): "
                        + detailEn);
    }
}
