package ma.pmogateway.journal;

/**
 * What the gateway decided about a request, as its record in the journal states it. The constant's
 * name is the stored text ({@code echange.verdict}) and is hashed into the chain (docs/JOURNAL.md):
 * renaming one would break every existing journal's verification.
 */
public enum Verdict {
    /** A submission or transfer accepted and kept. */
    ACCEPTE,
    /** A request refused, with its error code and reason. */
    REJETE,
    /** A retry of an accepted batch, answered with the original exchange's receipt. */
    DOUBLON,
    /** A read-only request answered (a dry run, a state or feedback query); nothing of it is kept besides its record. */
    CONSULTE
}
