package ma.pmogateway.service;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.EvidenceGaps;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.ResponseNature;
import ma.pmogateway.journal.Submission;

/**
 * The one writer of an exchange's evidence: its acceptance (or transfer), its refusal, and the answer
 * exactly as it left. Each exchange gets one record, whichever step ended it; the answer is then linked
 * to it. A piece of evidence the journal cannot take is itself recorded, as an {@link EvidenceGaps} entry
 * that {@code audit verify} reports, never only logged.
 */
final class ExchangeRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeRecorder.class);

    private final Journal journal;
    private final EvidenceGaps gaps;

    ExchangeRecorder(Journal journal, EvidenceGaps gaps) {
        this.journal = journal;
        this.gaps = gaps;
    }

    /**
     * Records {@code submission} as accepted, durably, after {@code admission} agreed under the journal's
     * lock. Not a gap if it fails: nothing was acknowledged, and the refusal that follows is recorded.
     */
    Journal.Acceptance accepted(RequestContext request, Submission submission, Journal.AdmissionCheck admission) {
        Journal.Acceptance acceptance = journal.recordAccepted(request.received(), submission, admission);
        request.markRecorded();
        return acceptance;
    }

    /** Records a head-office transfer, once {@code check} agreed in the transaction that changes the owner. */
    Journal.Transfer transferred(RequestContext request, String projectCode, String newOwner, String decision,
            Journal.TransferCheck check) {
        Journal.Transfer transfer = journal.recordTransfer(request.received(), request.operation(),
                request.senderCode(), request.senderThumbprint(), projectCode, newOwner, decision, check);
        request.markRecorded();
        return transfer;
    }

    /** Records that the exchange was refused with {@code error}, its reason and its whole cause, unless already recorded. */
    void refused(RequestContext request, GatewayException error) {
        if (request.recorded()) {
            return;
        }
        try {
            journal.recordRejected(request.received(), request.operation(), request.senderCode(),
                    request.senderThumbprint(), request.batchId(), error.reason(), causeOf(error));
            request.markRecorded();
        } catch (GatewayException e) {
            gap(request, "REFUS " + error.reason().name(), e);
        }
    }

    /**
     * Records the answer {@code bytes} sent at {@code sentAt}: linked to the exchange's record, or, for a
     * read-only request nothing recorded yet, with its record in one transaction.
     */
    void answered(RequestContext request, ResponseNature nature, byte[] bytes, Instant sentAt) {
        try {
            if (request.recorded()) {
                journal.recordResponse(request.exchangeId(), nature, bytes, sentAt);
            } else if (nature == ResponseNature.REPONSE) {
                journal.recordAnswered(request.received(), request.operation(), request.senderCode(),
                        request.senderThumbprint(), bytes, sentAt);
                request.markRecorded();
            } else {
                // A fault whose refusal could not be recorded: that gap is already written.
                LOG.error("Fault for request {} sent without a journaled refusal", request.exchangeId());
            }
        } catch (GatewayException e) {
            gap(request, nature.name(), e);
        }
    }

    private void gap(RequestContext request, String what, GatewayException failure) {
        LOG.error("Evidence of request {} ({}) could not be journaled", request.exchangeId(), what, failure);
        try {
            gaps.record(new EvidenceGaps.Gap(Instant.now(), request.exchangeId(), what,
                    failure.reason() + " " + failure.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Evidence gap of request {} could not be written either", request.exchangeId(), e);
        }
    }

    /** The full cause chain, for the journal: this is where security details go instead of the caller. */
    private static String causeOf(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null && text.length() < 10_000; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
