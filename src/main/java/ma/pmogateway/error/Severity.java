package ma.pmogateway.error;

/** How serious a problem is, as {@code cm:Gravite} spells it: an error rejects the batch, a warning does not. */
public enum Severity {
    /** The batch is refused. */
    ERREUR,
    /** Reported with the receipt; the batch is accepted. */
    AVERTISSEMENT
}
