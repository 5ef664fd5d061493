package ma.pmogateway.journal;

/**
 * What the gateway ran when it handled a request: the identifiers ({@code version;sha256=…}) of the
 * business-rule set, the stylesheet set and the code-list set. Every exchange record names them, so an
 * auditor can re-run exactly those on the stored request.
 */
public record Versions(String rules, String transformation, String codeLists) {
}
