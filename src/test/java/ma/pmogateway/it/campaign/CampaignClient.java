package ma.pmogateway.it.campaign;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPFaultException;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.error.ErrorCode;

import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;

/**
 * One client of the kill campaign, as a real sender behaves: its own projects, each announced by a
 * fiche then followed by situations whose progress never decreases, one batch at a time, each batch
 * (a fresh batch id) sent again, newly signed, until it is acknowledged. What it keeps is its own
 * record of every acknowledgement, in the order it received them: what the campaign checks the
 * journal and the PMO against.
 */
final class CampaignClient implements Runnable {

    /** Situations per project after its fiche: progress 10, 15, … stays below 100 (no completion rules). */
    static final int SITUATIONS_PER_PROJECT = 8;
    /** After every date the sample's situation declares (its constraint since 2026-03-15: R-DAT-008). */
    private static final LocalDate FIRST_SITUATION = LocalDate.of(2026, 4, 1);
    private static final String FICHES = "01-vsb-hmr-casablanca.xml";
    private static final String SITUATIONS = "01-vsb-casablanca.xml";

    /** One acknowledged batch, as the client saw it. */
    record Acknowledgement(String project, String batchId, String exchangeId) {
    }

    private final int number;
    private final List<SuiviProjets> nodes;
    private final BooleanSupplier keepGoing;
    private final Instant deadline;
    private final AtomicInteger inFlight;
    private final List<Acknowledgement> acknowledged = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final Map<String, Integer> faults = new TreeMap<>();
    private int attempts;
    private volatile boolean finished;

    /**
     * @param number    this client's number (1-9): its projects are AO-CS-2026-N000 onwards
     * @param addresses the SOAP 1.2 address of each gateway node; attempts go round them
     * @param keepGoing asked before each new batch
     * @param deadline  past it, a batch not yet acknowledged is abandoned (the campaign then fails)
     * @param inFlight  counts the requests under way, across clients
     */
    CampaignClient(int number, List<String> addresses, BooleanSupplier keepGoing, Instant deadline,
            AtomicInteger inFlight) {
        this.number = number;
        this.nodes = addresses.stream().map(address -> Clients.soap12(address, "ao-cs")).toList();
        this.keepGoing = keepGoing;
        this.deadline = deadline;
        this.inFlight = inFlight;
    }

    @Override
    public void run() {
        try {
            for (int project = 0; keepGoing.getAsBoolean(); project++) {
                String code = String.format("AO-CS-2026-%d%03d", number, project);
                if (!submit(code, Payloads.fiche(FICHES, code))) {
                    return;
                }
                for (int situation = 0; situation < SITUATIONS_PER_PROJECT && keepGoing.getAsBoolean(); situation++) {
                    if (!submit(code, situation(code, situation))) {
                        return;
                    }
                }
            }
        } finally {
            finished = true;
        }
    }

    /** True once this client has stopped: asked to, or on a refusal or its deadline. */
    boolean finished() {
        return finished;
    }

    /** The acknowledgements received, in order. Read once the client has finished. */
    List<Acknowledgement> acknowledged() {
        return acknowledged;
    }

    /** The faults that judged the batch itself (not worth a retry): none expected. */
    List<String> refusals() {
        return refusals;
    }

    /** The retryable faults answered, by code: the gateway's trouble during the kills, never the batch's. */
    Map<String, Integer> faults() {
        return faults;
    }

    int attempts() {
        return attempts;
    }

    private static EnvoiSituations situation(String code, int ordinal) {
        EnvoiSituations envoi = Payloads.situations(SITUATIONS);
        envoi.getSituationAvancement().subList(1, envoi.getSituationAvancement().size()).clear();
        SituationAvancement situation = envoi.getSituationAvancement().get(0);
        XMLGregorianCalendar asOf = date(FIRST_SITUATION.plusDays(7L * ordinal));
        situation.setCodeProjet(code);
        situation.setDateArrete(asOf);
        envoi.getEnTete().setDateArrete(asOf);
        situation.setAvancementPhysique(BigDecimal.valueOf(10 + 5L * ordinal));
        return envoi;
    }

    /**
     * Sends {@code batch} until acknowledged; false if it was refused or the deadline passed. A retry
     * whose first attempt was accepted before a kill is answered with the original receipt.
     */
    private boolean submit(String project, Object batch) {
        String batchId = batch instanceof EnvoiFichesProjets fiches ? fiches.getEnTete().getIdentifiantEnvoi()
                : ((EnvoiSituations) batch).getEnTete().getIdentifiantEnvoi();
        for (int attempt = 0; Instant.now().isBefore(deadline); attempt++) {
            SuiviProjets node = nodes.get((number + attempt) % nodes.size());
            attempts++;
            inFlight.incrementAndGet();
            try {
                String exchange = batch instanceof EnvoiFichesProjets fiches
                        ? node.soumettreProjets(fiches).getIdentifiantEchange()
                        : node.soumettreSituations((EnvoiSituations) batch).getIdentifiantEchange();
                acknowledged.add(new Acknowledgement(project, batchId, exchange));
                return true;
            } catch (Erreur fault) {
                String code = fault.getFaultInfo().getCode();
                faults.merge(code, 1, Integer::sum);
                if (ErrorCode.valueOf(code).party() != ErrorCode.Party.GATEWAY) {
                    refusals.add(batchId + ": " + code + " " + fault.getMessage());
                    return false;
                }
            } catch (SOAPFaultException fault) {
                faults.merge(fault.getFault().getFaultCodeAsQName().getLocalPart(), 1, Integer::sum);
                if (!retryable(fault)) {
                    refusals.add(batchId + ": " + fault.getFault().getFaultString());
                    return false;
                }
            } catch (WebServiceException transport) {
                // Connection refused or reset: the node is down or being killed. Try again.
            } finally {
                inFlight.decrementAndGet();
            }
            pause();
        }
        refusals.add(batchId + ": not acknowledged before the deadline");
        return false;
    }

    /** A Receiver (Server) fault is the gateway's trouble: retry later. A Sender fault judges the batch. */
    private static boolean retryable(SOAPFaultException fault) {
        String code = fault.getFault().getFaultCodeAsQName().getLocalPart();
        return code.equals("Receiver") || code.equals("Server") || madeByTheClient(fault);
    }

    /**
     * A fault CXF's client made of its own failure, not one the gateway answered: no detail, and an
     * exception of this JVM under it (seen: a NullPointerException in CXF's HTTP conduit when the kill
     * cut the connection mid-request). No answer at all, so the batch is sent again.
     */
    private static boolean madeByTheClient(SOAPFaultException fault) {
        if (fault.getFault().getDetail() != null) {
            return false;
        }
        for (Throwable cause = fault.getCause(); cause != null; cause = cause.getCause()) {
            if (!(cause instanceof org.apache.cxf.interceptor.Fault)) {
                return true;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static XMLGregorianCalendar date(LocalDate date) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(date.toString());
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
