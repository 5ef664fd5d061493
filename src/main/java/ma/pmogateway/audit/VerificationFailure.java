package ma.pmogateway.audit;

/**
 * Thrown when a piece of evidence does not verify (a signature, a digest, a certificate, a document's
 * shape); its message names what is wrong, to be reported with the exchange or file it was found in.
 *
 * <p>It is checked on purpose: a failed verification is an audit finding that every caller must
 * report, not an error of the gateway ({@link ma.pmogateway.error.GatewayException} is for those).
 */
public final class VerificationFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates a failure described by {@code message}, caused by {@code cause} (may be null). */
    public VerificationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
