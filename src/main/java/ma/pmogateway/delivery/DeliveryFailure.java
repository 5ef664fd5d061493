package ma.pmogateway.delivery;

/**
 * A delivery the PMO did not acknowledge. Temporary failures (transport errors, PMO unavailable,
 * faults the PMO marks temporary) are retried with backoff; permanent ones go to the dead letters.
 */
public final class DeliveryFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean temporary;

    public DeliveryFailure(String message, boolean temporary, Throwable cause) {
        super(message, cause);
        this.temporary = temporary;
    }

    /** Returns true if another attempt may succeed. */
    public boolean isTemporary() {
        return temporary;
    }
}
