package ma.pmogateway.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What the gateway already accepted for a project: the view of the journal that history rules need.
 *
 * <p>The journal implements it; the offline {@code validate} command, which has no journal, uses
 * {@link #NONE}.
 */
public interface ProjectHistory {

    /** A history that knows no project: history rules then find nothing to compare with. */
    ProjectHistory NONE = (projectCode, asOf) -> Optional.empty();

    /**
     * Returns the last progress report of project {@code projectCode} accepted by the gateway with an
     * as-of date strictly before {@code asOf}, if there is one.
     */
    Optional<AcceptedReport> lastAcceptedBefore(String projectCode, LocalDate asOf);

    /**
     * An accepted progress report of a project.
     *
     * @param asOf             its as-of date (SituationAvancement/DateArrete)
     * @param physicalProgress its physical progress, in %
     * @param amounts          its cumulative amounts; empty for a report accepted before the journal kept them
     */
    record AcceptedReport(LocalDate asOf, BigDecimal physicalProgress, Optional<CumulativeAmounts> amounts) {

        /** A report known by its progress only. */
        public AcceptedReport(LocalDate asOf, BigDecimal physicalProgress) {
            this(asOf, physicalProgress, Optional.empty());
        }
    }

    /**
     * The cumulative amounts of a progress report (ExecutionFinanciere), in MAD.
     *
     * @param committed MontantEngage
     * @param issued    MontantEmis
     * @param paid      MontantPaye
     */
    record CumulativeAmounts(BigDecimal committed, BigDecimal issued, BigDecimal paid) {
    }
}
