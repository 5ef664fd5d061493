package ma.pmogateway.rules;

/**
 * One business rule broken by one node of a submitted document.
 *
 * @param ruleId    the stable rule id ({@code cm:IdentifiantRegle}), e.g. {@code R-FIN-001}
 * @param severity  whether it rejects the batch
 * @param xpath     the offending node, in the format of {@link ma.pmogateway.contract.SchemaViolation#xpath()}:
 *                  steps {@code prefix:Name[n]} from the root, always indexed, {@code /@name} for an attribute
 * @param line      1-based line of the node in the submitted text, or -1 if unknown
 * @param column    1-based column, or -1 if unknown
 * @param messageFr the message in French
 * @param messageEn the message in English
 */
public record RuleViolation(String ruleId, Severity severity, String xpath, int line, int column,
        String messageFr, String messageEn) {
}
