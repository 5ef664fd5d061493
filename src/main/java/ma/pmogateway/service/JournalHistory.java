package ma.pmogateway.service;

import java.time.LocalDate;
import java.util.Optional;

import ma.pmogateway.journal.Journal;
import ma.pmogateway.rules.ProjectHistory;

/** The journal seen as the project history that journal-backed business rules compare with. */
final class JournalHistory implements ProjectHistory {

    private final Journal journal;

    JournalHistory(Journal journal) {
        this.journal = journal;
    }

    @Override
    public Optional<AcceptedReport> lastAcceptedBefore(String projectCode, LocalDate asOf) {
        return journal.lastProgressBefore(projectCode, asOf)
                .map(progress -> new AcceptedReport(progress.asOf(), progress.physicalProgress()));
    }
}
