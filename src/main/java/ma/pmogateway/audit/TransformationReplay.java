package ma.pmogateway.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.security.CanonicalXml;
import ma.pmogateway.transform.TransformContext;
import ma.pmogateway.transform.Transformer;

/**
 * Re-runs, on a stored request, the transformation the gateway ran when it accepted it, and checks that
 * the stored PMO document is reproduced byte for byte: proof that what was delivered to the PMO is what
 * the sender signed, translated by the recorded stylesheets and code lists, and nothing else.
 *
 * <p>The input is taken as the gateway took it: the batch element (the operation wrapper's first child
 * in the envelope's one Body) in its exclusive canonical form, with the exchange id and reception time
 * as the transformation's context. A translation is a pure function of these and of the stylesheet and
 * code-list sets, so only a record made with this build's sets can be re-run; any other is reported as
 * not re-run, never as reproduced.
 */
final class TransformationReplay {

    private final Transformer transformer;

    TransformationReplay(Transformer transformer) {
        this.transformer = transformer;
    }

    /** What became of one record's check. */
    enum Outcome {
        /** The stored document was reproduced byte for byte. */
        REPRODUCED,
        /** The record names other stylesheet or code-list sets than this build's: not re-run. */
        OTHER_VERSIONS
    }

    /**
     * Re-runs the transformation of exchange {@code exchangeId} and compares its result with
     * {@code storedDocument}.
     *
     * @param stylesheets the stylesheet set the record names ({@code version;sha256=…}), or null
     * @param codeLists   the code-list set the record names, or null
     * @throws VerificationFailure if the request cannot be read or the document is not reproduced
     */
    Outcome check(String exchangeId, Instant receivedAt, byte[] request, String stylesheets, String codeLists,
            byte[] storedDocument) throws VerificationFailure {
        if (!transformer.version().equals(stylesheets) || !transformer.codeListsVersion().equals(codeLists)) {
            return Outcome.OTHER_VERSIONS;
        }
        Element body = StoredMessageVerifier.soleBody(EnvelopedSignature.parse(request).getDocumentElement());
        byte[] batch = CanonicalXml.exclusive(firstElement(firstElement(body)));
        byte[] reproduced;
        try {
            reproduced = transformer.toPmo(batch, new TransformContext(UUID.fromString(exchangeId), receivedAt));
        } catch (GatewayException e) {
            throw new VerificationFailure("the stored request no longer translates: " + e.code(), e);
        }
        int difference = Arrays.mismatch(reproduced, storedDocument);
        if (difference >= 0) {
            throw new VerificationFailure("stored PMO document is not what the recorded transformation gives "
                    + "(first difference at byte " + difference + " of " + storedDocument.length + ")", null);
        }
        return Outcome.REPRODUCED;
    }

    private static Element firstElement(Node parent) throws VerificationFailure {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                return element;
            }
        }
        throw new VerificationFailure("no batch in the stored request's Body", null);
    }
}
