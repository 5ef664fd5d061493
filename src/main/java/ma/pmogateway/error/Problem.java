package ma.pmogateway.error;

import java.util.Locale;

/**
 * One precise problem, the one type for all of them: what a rule or a check found (the Schematron and
 * history rules, the dry-run report), what a contract, business-rule or authorisation fault tells the
 * caller ({@code cm:Probleme}), what a receipt warns of, and each problem of a refused configuration.
 *
 * @param step      which check found it
 * @param ruleId    the business rule broken ({@code R-…}), or null for any other problem
 * @param severity  whether it refuses ({@link Severity#ERREUR}) or only warns
 * @param xpath     where, in the gateway's XPath format, or null when it concerns the message as a whole;
 *                  for a {@link Step#TRANSFORMATION} problem, in the PMO document the gateway produced
 * @param line      1-based line, or -1 if unknown
 * @param column    1-based column, or -1 if unknown
 * @param item      the 1-based rank in its batch of the item (FicheProjet or SituationAvancement) it is
 *                  about, taken from the node it was found on; {@link #NO_ITEM} if it is about no one item
 * @param messageFr the problem in French
 * @param messageEn the problem in English
 */
public record Problem(Step step, String ruleId, Severity severity, String xpath, int line, int column, int item,
        String messageFr, String messageEn) {

    /** The {@link #item} of a problem that concerns no one item of a batch. */
    public static final int NO_ITEM = 0;

    /** The check that found a problem, in the order they run on a message. */
    public enum Step {
        /** Reading the document: it is not well-formed XML, so nothing else could be checked. */
        LECTURE,
        /** The contract: the schema (XSD), the envelope, the request's own fields. */
        CONTRAT,
        /** Whether the sender may act on what the message names. */
        AUTORISATION,
        /** A business rule (Schematron, history, transfer). */
        REGLE,
        /** The transformation, or the PMO schema check of its result: a defect of the gateway. */
        TRANSFORMATION,
        /** The gateway's own configuration or sender registry, checked at start. */
        CONFIGURATION
    }

    /** Returns an error about no one item of a batch, found by {@code step}. */
    public static Problem error(Step step, String ruleId, String xpath, int line, int column, String messageFr,
            String messageEn) {
        return new Problem(step, ruleId, Severity.ERREUR, xpath, line, column, NO_ITEM, messageFr, messageEn);
    }

    /** Returns true for a non-blocking finding ({@code AVERTISSEMENT}). */
    public boolean warning() {
        return severity == Severity.AVERTISSEMENT;
    }

    /** Returns the message in English for {@link Locale#ENGLISH}, else (any other language) in French. */
    public String message(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? messageEn : messageFr;
    }

    /**
     * Returns this problem of a batch as the caller is told it, the batch being at {@code wrapperPath} in
     * the SOAP payload ("" for a dry run's, located in the batch document): its XPath anchored there, and
     * no line or column, since they are those of the verified batch re-read on its own.
     */
    public Problem under(String wrapperPath) {
        return new Problem(step, ruleId, severity, xpath == null ? wrapperPath : wrapperPath + xpath, -1, -1, item,
                messageFr, messageEn);
    }
}
