package ma.pmogateway.service;

import java.math.BigInteger;
import java.time.Instant;
import java.util.GregorianCalendar;
import java.util.List;
import java.time.ZoneOffset;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.contract.common.Empreinte;
import ma.pmogateway.contract.common.NatureElement;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Submission;

/** Builds the receipt (accusé de réception) of an accepted submission. */
final class Receipts {

    static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";
    private static final DatatypeFactory DATATYPES = datatypeFactory();

    private Receipts() {
    }

    /**
     * Returns the receipt of {@code submission}, journaled as {@code acceptance}; the digest is that of
     * the request bytes received now (for a retry, this retry's bytes).
     */
    static AccuseReception of(Journal.Acceptance acceptance, ReceivedRequest request, Submission submission) {
        AccuseReception receipt = new AccuseReception();
        receipt.setIdentifiantEchange(acceptance.exchangeId());
        receipt.setIdentifiantEnvoi(submission.batchId());
        receipt.setEmetteur(submission.sender());
        receipt.setRecuLe(timestamp(acceptance.receivedAt()));
        Empreinte digest = new Empreinte();
        digest.setAlgorithme(SHA256_URI);
        digest.setValue(request.digest());
        receipt.setEmpreinteRequete(digest);
        List<ResultatReception> results = receipt.getElement();
        for (Submission.Item item : submission.items()) {
            ResultatReception result = new ResultatReception();
            result.setRang(BigInteger.valueOf(item.rank()));
            result.setReference(item.reference());
            result.setNature(NatureElement.fromValue(item.nature()));
            result.setResultat(ResultatElement.ACCEPTE);
            results.add(result);
        }
        return receipt;
    }

    /** Returns {@code instant} as an xs:dateTime in UTC. */
    static XMLGregorianCalendar timestamp(Instant instant) {
        return DATATYPES.newXMLGregorianCalendar(GregorianCalendar.from(instant.atZone(ZoneOffset.UTC)));
    }

    private static DatatypeFactory datatypeFactory() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
