package ma.pmogateway.contract;

/**
 * One way in which a document breaks its schema.
 *
 * @param key       the validator's stable error key, e.g. {@code cvc-pattern-valid}, or
 *                  {@link ContractValidator#NOT_WELL_FORMED} when the XML cannot be read at all
 * @param xpath     where: steps {@code prefix:Name[n]} from the root (always indexed), {@code /@name}
 *                  for an attribute, {@code /} for the document itself
 * @param line      1-based line of the error in the validated text, or -1 if unknown
 * @param column    1-based column, or -1 if unknown
 * @param messageFr the validator's message in French
 * @param messageEn the validator's message in English
 */
public record SchemaViolation(String key, String xpath, int line, int column, String messageFr, String messageEn) {
}
