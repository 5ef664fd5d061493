package ma.pmogateway.transform;

import java.util.List;

import ma.pmogateway.contract.SchemaViolation;

/**
 * The PMO document a transformation produced, with what the PMO schema finds wrong in it.
 *
 * <p>A translation with violations is a defect of the gateway and must never be forwarded:
 * {@link Transformer#toPmo} turns it into an error; only a dry run ({@code ValiderEnvoi}, the
 * {@code validate} command) looks at the violations themselves.
 *
 * @param document   the serialised PMO document (UTF-8)
 * @param violations its violations of {@link ma.pmogateway.contract.Contract#PMO_FORMAT}, empty if valid
 */
public record Translation(byte[] document, List<SchemaViolation> violations) {

    /** Copies the violations. */
    public Translation {
        violations = List.copyOf(violations);
    }

    /** Returns true if the PMO schema accepts the document. */
    public boolean valid() {
        return violations.isEmpty();
    }
}
