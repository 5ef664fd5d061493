package ma.pmogateway.journal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an accepted submission adds to the journal besides the request itself.
 *
 * @param operation     SoumettreProjets or SoumettreSituations
 * @param sender        the sender's code
 * @param thumbprint    SHA-256 thumbprint of the signing certificate
 * @param batchId       the sender's IdentifiantEnvoi
 * @param contentDigest SHA-256 of the payload's exclusive canonical form: identifies the batch's
 *                      content independently of its envelope, signature and timestamp
 * @param items         the fiches or situations, in batch order
 * @param places        for project records, where each project lies (replaces what was known)
 * @param owners        for project records, the entity each project belongs to: recorded for the projects
 *                      the journal does not know yet (a known project keeps its owner until a transfer)
 * @param progress      for progress reports, the physical progress and cumulative amounts each reports
 * @param delivery      the PMO document to deliver, queued in the same transaction
 */
public record Submission(String operation, String sender, String thumbprint, String batchId, String contentDigest,
        List<Item> items, Map<String, Set<Place>> places, Map<String, String> owners, List<Progress> progress,
        Delivery delivery) {

    /**
     * The PMO document of an accepted batch and the PMO operation that takes it.
     *
     * @param pmoOperation DeposerFiches or DeposerSituations
     * @param document     the PMO document, valid against the PMO schema
     */
    public record Delivery(String pmoOperation, byte[] document) {
    }

    /**
     * The physical progress and cumulative amounts of a project at an as-of date, as a progress report
     * states them.
     *
     * @param amounts its ExecutionFinanciere; null only when read back for a report accepted before the
     *                journal kept amounts
     */
    public record Progress(String projectCode, LocalDate asOf, BigDecimal physicalProgress, Amounts amounts) {
    }

    /** The cumulative committed, issued and paid amounts of a progress report (ExecutionFinanciere), in MAD. */
    public record Amounts(BigDecimal committed, BigDecimal issued, BigDecimal paid) {
    }

    /** One fiche or situation of the batch. */
    public record Item(int rank, String reference, String nature, LocalDate asOf) {
    }
}
