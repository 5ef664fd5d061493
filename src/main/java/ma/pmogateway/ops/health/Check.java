package ma.pmogateway.ops.health;

import java.util.Map;

/**
 * The result of one health check: its status, what it found in words, and its figures.
 *
 * @param name     the check ({@code database}, {@code signing-key}, …)
 * @param required whether the node is unready while this check is not {@link Status#UP}
 * @param figures  numbers the check measured (ages in seconds, counts), for the JSON answer
 */
public record Check(String name, boolean required, Status status, String detail, Map<String, Object> figures) {

    /** How a check ended. */
    public enum Status {
        /** As it should be. */
        UP,
        /** Works, but an operator should look (a certificate near expiry, dead letters, the PMO out of reach). */
        WARN,
        /** Broken. */
        DOWN
    }

    /** Returns true unless this check is required and not up. */
    public boolean passes() {
        return !required || status == Status.UP || status == Status.WARN;
    }
}
