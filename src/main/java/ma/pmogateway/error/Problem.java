package ma.pmogateway.error;

/**
 * One precise problem reported to the caller inside a contract, business-rule or authorisation fault.
 *
 * @param ruleId    the business rule broken, or null for a schema or authorisation problem
 * @param warning   true for a non-blocking finding (AVERTISSEMENT), false for an error
 * @param messageFr the problem in French
 * @param messageEn the problem in English
 * @param xpath     where in the payload, or null when it concerns the message as a whole
 * @param line      1-based line in the received message, or -1 if unknown
 * @param column    1-based column, or -1 if unknown
 */
public record Problem(String ruleId, boolean warning, String messageFr, String messageEn, String xpath, int line,
        int column) {
}
