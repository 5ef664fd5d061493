package ma.pmogateway.service;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.BiFunction;

import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Submission;
import ma.pmogateway.rules.ProjectHistory;

/**
 * The journal seen as the project history that journal-backed business rules compare with: as it is
 * committed ({@link #of}), or as the transaction accepting a batch sees it ({@link #inside}).
 */
final class JournalHistory implements ProjectHistory {

    private final BiFunction<String, LocalDate, Optional<Submission.Progress>> lastProgressBefore;

    private JournalHistory(BiFunction<String, LocalDate, Optional<Submission.Progress>> lastProgressBefore) {
        this.lastProgressBefore = lastProgressBefore;
    }

    /** Returns the history {@code journal} holds. */
    static JournalHistory of(Journal journal) {
        return new JournalHistory(journal::lastProgressBefore);
    }

    /** Returns the history as the accepting transaction of {@code admission} sees it. */
    static JournalHistory inside(Journal.Admission admission) {
        return new JournalHistory(admission::lastProgressBefore);
    }

    @Override
    public Optional<AcceptedReport> lastAcceptedBefore(String projectCode, LocalDate asOf) {
        return lastProgressBefore.apply(projectCode, asOf)
                .map(progress -> new AcceptedReport(progress.asOf(), progress.physicalProgress(),
                        Optional.ofNullable(progress.amounts()).map(JournalHistory::amounts)));
    }

    /** The journal's amounts of a report as the history rules read them. */
    static CumulativeAmounts amounts(Submission.Amounts amounts) {
        return new CumulativeAmounts(amounts.committed(), amounts.issued(), amounts.paid());
    }
}
