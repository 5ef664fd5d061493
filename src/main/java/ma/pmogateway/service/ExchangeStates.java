package ma.pmogateway.service;

import java.math.BigInteger;

import ma.pmogateway.contract.ao.service.EtatEchange;
import ma.pmogateway.contract.ao.service.EtatElement;
import ma.pmogateway.contract.ao.service.EtatTransmission;
import ma.pmogateway.contract.ao.service.OperationSoumission;
import ma.pmogateway.contract.common.NatureElement;
import ma.pmogateway.journal.ExchangeRecord;
import ma.pmogateway.journal.Submission;

/**
 * Builds the ConsulterEchange answer from the journal: an item is TRANSMIS once the PMO's feedback
 * on it was received, EN_ECHEC while its delivery is a dead letter, EN_ATTENTE otherwise; the exchange
 * is as far as its least advanced item.
 */
final class ExchangeStates {

    private ExchangeStates() {
    }

    static EtatEchange of(ExchangeRecord record) {
        EtatEchange state = new EtatEchange();
        state.setIdentifiantEchange(record.exchangeId());
        state.setIdentifiantEnvoi(record.batchId());
        state.setOperation(OperationSoumission.fromValue(record.operation()));
        state.setEmetteur(record.sender());
        state.setRecuLe(Receipts.timestamp(record.receivedAt()));
        EtatTransmission pending = record.abandoned() ? EtatTransmission.EN_ECHEC : EtatTransmission.EN_ATTENTE;
        boolean allDelivered = true;
        for (Submission.Item item : record.items()) {
            byte[] feedback = record.feedback().get(item.rank());
            EtatElement element = new EtatElement();
            element.setRang(BigInteger.valueOf(item.rank()));
            element.setReference(item.reference());
            element.setNature(NatureElement.fromValue(item.nature()));
            element.setNombreTentatives(BigInteger.valueOf(record.attempts()));
            if (feedback != null) {
                element.setTransmission(EtatTransmission.TRANSMIS);
                element.setRetourPMO(FeedbackDocuments.read(feedback));
                element.setTransmisLe(element.getRetourPMO().getDateDecision());
            } else {
                element.setTransmission(pending);
                allDelivered = false;
            }
            state.getElement().add(element);
        }
        state.setTransmission(allDelivered ? EtatTransmission.TRANSMIS : pending);
        return state;
    }
}
