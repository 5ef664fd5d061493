package ma.pmogateway.transform;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What an AO → PMO transformation needs besides the AO document, all supplied by the caller so that
 * the output is reproducible: the same document, context, stylesheets and code lists give the same bytes.
 *
 * @param exchangeId the gateway's exchange id, which becomes the PMO message id
 *                   ({@code entete/identifiant-message}) and {@code reference-source/@echange}
 * @param emittedAt  when the gateway issues the PMO message ({@code entete/emis-le}), written in UTC
 */
public record TransformContext(UUID exchangeId, Instant emittedAt) {

    /** Checks that both values are given. */
    public TransformContext {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(emittedAt, "emittedAt");
    }
}
