package ma.pmogateway.journal;

/** What kind of answer the gateway sent for an exchange. */
public enum ResponseNature {
    /** The operation's answer: a receipt, a validation report, an exchange state, a page of feedback. */
    REPONSE,
    /** A SOAP fault. */
    FAUTE
}
