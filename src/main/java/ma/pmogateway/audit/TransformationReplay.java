package ma.pmogateway.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.w3c.dom.Element;

import ma.pmogateway.contract.BatchElement;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.ArtefactArchive;
import ma.pmogateway.security.CanonicalXml;
import ma.pmogateway.transform.BundledFiles;
import ma.pmogateway.transform.TransformContext;
import ma.pmogateway.transform.Transformer;

/**
 * Re-runs, on a stored request, the transformation the gateway ran when it accepted it, and checks that
 * the stored PMO document is reproduced byte for byte: proof that what was delivered to the PMO is what
 * the sender signed, translated by the recorded stylesheets and code lists, and nothing else.
 *
 * <p>The input is taken as the gateway took it: the batch element ({@link BatchElement}, in the
 * envelope's one Body) in its exclusive canonical form, with the exchange id and reception time
 * as the transformation's context. A translation is a pure function of these and of the stylesheet and
 * code-list sets the record names: this build's, or earlier ones read back from the journal's archive
 * ({@link ArtefactArchive}), whose digests must match the identifiers the record names. A record whose
 * sets are neither is reported as not re-run, never as reproduced.
 */
final class TransformationReplay {

    private final Transformer build;
    private final ArtefactArchive archive;
    /** Earlier versions compiled once per audit, by "stylesheets|code lists"; empty when not archived. */
    private final Map<String, Optional<Transformer>> earlier = new HashMap<>();

    TransformationReplay(Transformer build, ArtefactArchive archive) {
        this.build = build;
        this.archive = archive;
    }

    /** What became of one record's check. */
    enum Outcome {
        /** The stored document was reproduced byte for byte. */
        REPRODUCED,
        /** The record names stylesheet or code-list sets that are neither this build's nor archived: not re-run. */
        VERSIONS_UNAVAILABLE
    }

    /**
     * Re-runs the transformation of exchange {@code exchangeId} and compares its result with
     * {@code storedDocument}.
     *
     * @param stylesheets the stylesheet set the record names ({@code version;sha256=…}), or null
     * @param codeLists   the code-list set the record names, or null
     * @throws VerificationFailure if the request cannot be read, an archived set does not match its
     *                             identifier, or the document is not reproduced
     */
    Outcome check(String exchangeId, Instant receivedAt, byte[] request, String stylesheets, String codeLists,
            byte[] storedDocument) throws VerificationFailure {
        Optional<Transformer> transformer = transformerOf(stylesheets, codeLists);
        if (transformer.isEmpty()) {
            return Outcome.VERSIONS_UNAVAILABLE;
        }
        Element body = StoredMessageVerifier.soleBody(EnvelopedSignature.parse(request).getDocumentElement());
        byte[] batch = CanonicalXml.exclusive(BatchElement.in(body)
                .orElseThrow(() -> new VerificationFailure("no batch in the stored request's Body", null)));
        byte[] reproduced;
        try {
            reproduced = transformer.get().translate(batch, new TransformContext(UUID.fromString(exchangeId), receivedAt))
                    .document();
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

    private Optional<Transformer> transformerOf(String stylesheets, String codeLists) throws VerificationFailure {
        if (stylesheets == null || codeLists == null) {
            return Optional.empty();
        }
        if (build.version().equals(stylesheets) && build.codeListsVersion().equals(codeLists)) {
            return Optional.of(build);
        }
        String key = stylesheets + "|" + codeLists;
        if (!earlier.containsKey(key)) {
            earlier.put(key, compileArchived(stylesheets, codeLists));
        }
        return earlier.get(key);
    }

    /** Compiles the archived sets, once their contents are shown to be the ones the record names. */
    private Optional<Transformer> compileArchived(String stylesheets, String codeLists) throws VerificationFailure {
        Optional<Map<String, byte[]>> stylesheetFiles = archive.files(stylesheets);
        Optional<Map<String, byte[]>> codeListFiles = archive.files(codeLists);
        if (stylesheetFiles.isEmpty() || codeListFiles.isEmpty()) {
            return Optional.empty();
        }
        BundledFiles sheets = BundledFiles.of(stylesheets.substring(0, stylesheets.indexOf(';')), stylesheetFiles.get());
        if (!sheets.identifier().equals(stylesheets)) {
            throw new VerificationFailure("the archived stylesheet set does not match the digest the record names ("
                    + stylesheets + "): archive altered", null);
        }
        Transformer transformer;
        try {
            transformer = build.with(sheets, BundledFiles.of("listes-codes", codeListFiles.get()));
        } catch (GatewayException e) {
            throw new VerificationFailure("the archived sets " + stylesheets + " and " + codeLists
                    + " do not compile", e);
        }
        if (!transformer.codeListsVersion().equals(codeLists)) {
            throw new VerificationFailure("the archived code-list set does not match the digest the record names ("
                    + codeLists + "): archive altered", null);
        }
        return Optional.of(transformer);
    }
}
