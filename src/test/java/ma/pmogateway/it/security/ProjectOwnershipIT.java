package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.datatype.DatatypeFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.error.Reason;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.journal.Place;

/**
 * Every project belongs to one Al Omrane entity, and a legitimate subsidiary acting outside its own
 * projects is an adversary. Each test creates its own AO-CS project (region 06, Casablanca) and tries
 * what another subsidiary, AO-RSK (region 04, registered here for every operation), could: take it over with a fiche of its own, report on it,
 * learn from a refusal or a dry run that it exists, where it lies or how far it has progressed. Every
 * refusal is NON_AUTORISE with the journaled reason of the defence that fired.
 */
class ProjectOwnershipIT extends GatewayTest {

    private static final String SERVICE_NS = "urn:ma:alomrane:suivi-projets:service:v1";
    /** Project numbers of the codes this class makes (six digits, as the contract allows). */
    private static final AtomicInteger NEXT_PROJECT = new AtomicInteger(900_000);

    /** AO-RSK may call every operation here: the head office's own checks, not the registry, must stop it. */
    @Override
    Map<String, String> overrides() {
        return TestGateway.registryOverride(TestGateway.entry("AO-SIEGE", "ao-siege", "*", "*"),
                TestGateway.entry("AO-CS", "ao-cs", "SoumettreProjets,SoumettreSituations,ValiderEnvoi,ConsulterEchange",
                        "06"),
                TestGateway.entry("AO-RSK", "ao-rsk", "*", "04"));
    }

    /**
     * Attack (takeover): AO-RSK submits a fiche with the code of an AO-CS project, located in its own
     * region 04 and naming itself as Filiale. Expected: PROJECT_NOT_OWNED, with the problem an unknown
     * project gets; the project still lies in region 06 and AO-CS still reports on it.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesAFicheTakingOverAnotherSubsidiarysProject(SoapVersion version) {
        String project = createCasablancaProject();
        EnvoiFichesProjets takeover = Payloads.fiches("12-vsb-kenitra-recasement.xml");
        takeover.getFicheProjet().get(0).setCodeProjet(project);

        SoapReply refused = assertRefused(send(fiches(takeover, "ao-rsk", version)), Reason.PROJECT_NOT_OWNED);

        assertEquals(uniformAnswer("AO-RSK", project), refused.problems());
        assertNotAccepted(takeover);
        assertEquals(Set.of(new Place("06", "06.141")), gateway.journal().placesOf(project));
        EnvoiSituations ownReport = situation(project, "2026-10-31", "49.80");
        assertAccepted(send(situations(ownReport, "ao-cs", version)), batchId(ownReport));
    }

    /**
     * Attack (existence and location oracle): AO-RSK reports on an AO-CS project, and on a project code
     * no one has used. Expected: the same answer for both (no region, no province), reasons
     * PROJECT_NOT_OWNED and PROJECT_UNKNOWN in the journal.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void answersAnotherSubsidiarysProjectAsIfItDidNotExist(SoapVersion version) {
        String owned = createCasablancaProject();
        String unknown = newCasablancaCode();

        SoapReply others = assertRefused(send(situations(situation(owned, "2026-10-31", "49.80"), "ao-rsk", version)),
                Reason.PROJECT_NOT_OWNED);
        SoapReply nobodys = assertRefused(send(situations(situation(unknown, "2026-10-31", "49.80"), "ao-rsk", version)),
                Reason.PROJECT_UNKNOWN);

        assertAll(
                () -> assertEquals(uniformAnswer("AO-RSK", owned), others.problems()),
                () -> assertEquals(uniformAnswer("AO-RSK", unknown), nobodys.problems()),
                () -> assertFalse(others.toString().contains("06.141"), others::toString));
    }

    /**
     * A subsidiary's progress report on its own project code before any fiche: refused PROJECT_UNKNOWN
     * with the one answer (it is told nothing more than a stranger would be).
     */
    @Test
    void refusesAProgressReportOnAProjectWithoutAcceptedFiche() {
        String project = newCasablancaCode();
        SoapReply reply = assertRefused(send(situations(situation(project, "2026-10-31", "49.80"), "ao-cs",
                SoapVersion.SOAP_12)), Reason.PROJECT_UNKNOWN);
        assertEquals(uniformAnswer("AO-CS", project), reply.problems());
    }

    /**
     * Attack (history disclosure through the dry run): AO-RSK dry-runs a progress report below the last
     * accepted one of an AO-CS project. Expected: not valid, the one answer, and nothing of the project's
     * history (no R-AVA-002, no earlier as-of date, no progress figure); AO-CS, the owner, gets R-AVA-002.
     */
    @Test
    void dryRunOfAnotherSubsidiarysProjectTellsNothingOfItsHistory() {
        String project = createCasablancaProject();
        EnvoiSituations earlier = situation(project, "2026-09-30", "40.00");
        assertAccepted(send(situations(earlier, "ao-cs", SoapVersion.SOAP_12)), batchId(earlier));

        Element byStranger = dryRunReport(situation(project, "2026-10-31", "30.00"), "AO-RSK", "ao-rsk");
        Element byOwner = dryRunReport(situation(project, "2026-10-31", "30.00"), "AO-CS", "ao-cs");

        String stranger = byStranger.getTextContent();
        assertAll(
                () -> assertEquals("false", text(byStranger, "Valide")),
                () -> assertTrue(messages(byStranger).containsAll(uniformAnswer("AO-RSK", project)), stranger),
                () -> assertFalse(stranger.contains("R-AVA-002") || stranger.contains("2026-09-30")
                        || stranger.contains("40.00"), stranger),
                () -> assertTrue(byOwner.getTextContent().contains("R-AVA-002"), byOwner::getTextContent));
    }

    /** The dry run refuses what the submission refuses: a report on someone else's project is not valid. */
    @Test
    void dryRunReportsAProjectOutsideTheSendersOwnAsInvalid() {
        String project = createCasablancaProject();
        Element report = dryRunReport(situation(project, "2026-10-31", "49.80"), "AO-RSK", "ao-rsk");
        assertEquals("false", text(report, "Valide"));
        assertEquals(uniformAnswer("AO-RSK", project), messages(report));
    }

    /**
     * The head office may submit for every entity's project, in that entity's name: a fiche of an AO-CS
     * project naming AO-CS as Filiale is accepted; one naming AO-RSK is refused PROJECT_FILIALE_NOT_OWNER
     * (a change of owner is a transfer, never a side effect of a fiche).
     */
    @Test
    void headOfficeSubmitsForASubsidiaryButCannotReassignItByAFiche() {
        String project = createCasablancaProject();
        EnvoiFichesProjets inItsName = casablancaFiche(project);
        inItsName.getEnTete().setEmetteur("AO-SIEGE");
        assertAccepted(send(fiches(inItsName, "ao-siege", SoapVersion.SOAP_12)), batchId(inItsName));

        EnvoiFichesProjets reassigned = casablancaFiche(project);
        reassigned.getEnTete().setEmetteur("AO-SIEGE");
        reassigned.getFicheProjet().get(0).setFiliale("AO-RSK");
        SoapReply reply = assertRefused(send(fiches(reassigned, "ao-siege", SoapVersion.SOAP_12)),
                Reason.PROJECT_FILIALE_NOT_OWNER);
        assertTrue(reply.problems().stream().anyMatch(problem -> problem.contains("AO-RSK") && problem.contains("AO-CS")),
                reply::toString);
    }

    /**
     * A subsidiary may not create a project under another entity's code, even one nobody used yet:
     * PROJECT_NOT_OWNED, decided from the code alone.
     */
    @Test
    void refusesANewProjectUnderAnotherEntitysCode() {
        EnvoiFichesProjets fiche = Payloads.fiches("12-vsb-kenitra-recasement.xml");
        fiche.getFicheProjet().get(0).setCodeProjet(newCasablancaCode());
        assertRefused(send(fiches(fiche, "ao-rsk", SoapVersion.SOAP_11)), Reason.PROJECT_NOT_OWNED);
        assertNotAccepted(fiche);
    }

    /**
     * A project changes owner only by a head-office transfer: once AO-CS's project is the head office's,
     * AO-CS may no longer report on it (PROJECT_NOT_OWNED) and the head office reports in its own name;
     * transferred back, AO-CS reports again. Each transfer is an accepted record of an unbroken chain.
     */
    @Test
    void transfersAProjectToTheHeadOfficeAndBack() {
        String project = createCasablancaProject();

        Element taken = transfer(project, "AO-SIEGE", "ao-siege");
        assertAll(
                () -> assertEquals("AO-CS", text(taken, "AncienProprietaire")),
                () -> assertEquals("AO-SIEGE", text(taken, "NouveauProprietaire")),
                () -> assertEquals(java.util.Optional.of(Verdict.ACCEPTE),
                        gateway.journal().verdictOf(text(taken, "IdentifiantEchange"))));
        assertRefused(send(situations(situation(project, "2026-10-31", "49.80"), "ao-cs", SoapVersion.SOAP_12)),
                Reason.PROJECT_NOT_OWNED);
        EnvoiSituations byHeadOffice = situation(project, "2026-10-31", "49.80");
        assertAccepted(send(situations(byHeadOffice, "ao-siege", SoapVersion.SOAP_11)), batchId(byHeadOffice));

        transfer(project, "AO-CS", "ao-siege");
        EnvoiSituations byOwner = situation(project, "2026-10-31", "50.10");
        assertAccepted(send(situations(byOwner, "ao-cs", SoapVersion.SOAP_12)), batchId(byOwner));
        assertEquals(List.of(), gateway.chainBreaks());
    }

    /**
     * Attack: a subsidiary registered for every operation transfers another's project to itself.
     * Expected: TRANSFER_NOT_HEAD_OFFICE (the registry alone does not make a head office); a subsidiary
     * not registered for the operation is stopped before, OPERATION_NOT_ALLOWED.
     */
    @Test
    void refusesATransferAskedByASubsidiary() {
        String project = createCasablancaProject();
        assertRefused(send(SignedRequest.of(Operations.transfererProjet(project, "AO-RSK")).signedBy("ao-rsk").build()),
                Reason.TRANSFER_NOT_HEAD_OFFICE);
        assertRefused(send(SignedRequest.of(Operations.transfererProjet(project, "AO-CS")).signedBy("ao-cs").build()),
                Reason.OPERATION_NOT_ALLOWED);
        assertEquals(Set.of(new Place("06", "06.141")), gateway.journal().placesOf(project));
    }

    /**
     * A transfer the project cannot take: to an entity whose regions (ao-filiales) do not cover it
     * (R-PRJ-003), to its current owner (R-PRJ-002), of a project without fiche (R-PRJ-001). Each is
     * TRANSFER_INVALID, and the owner stays.
     */
    @Test
    void refusesATransferTheProjectCannotTake() {
        String project = createCasablancaProject();
        assertRule(transferReply(project, "AO-RSK"), "R-PRJ-003");
        assertRule(transferReply(project, "AO-CS"), "R-PRJ-002");
        assertRule(transferReply(newCasablancaCode(), "AO-SIEGE"), "R-PRJ-001");
        EnvoiSituations stillOwned = situation(project, "2026-10-31", "49.80");
        assertAccepted(send(situations(stillOwned, "ao-cs", SoapVersion.SOAP_12)), batchId(stillOwned));
    }

    private void assertRule(SoapReply reply, String ruleId) {
        assertRefused(reply, Reason.TRANSFER_INVALID);
        assertTrue(reply.toString().contains(ruleId), reply::toString);
    }

    private SoapReply transferReply(String project, String newOwner) {
        return send(SignedRequest.of(Operations.transfererProjet(project, newOwner)).signedBy("ao-siege").build());
    }

    private Element transfer(String project, String newOwner, String signer) {
        SoapReply reply = send(SignedRequest.of(Operations.transfererProjet(project, newOwner)).signedBy(signer).build());
        assertEquals(200, reply.status(), reply::toString);
        return Envelopes.descendant(reply.document().getDocumentElement(), SERVICE_NS, "Transfert");
    }

    /**
     * Attack (exchange oracle): AO-RSK asks for the state of AO-CS's exchange, and of an id nobody was
     * given. Expected: the same ECHANGE_INCONNU answer, journaled EXCHANGE_NOT_VISIBLE and EXCHANGE_UNKNOWN.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void answersAnotherSubsidiarysExchangeAsIfItDidNotExist(SoapVersion version) {
        EnvoiFichesProjets fiche = casablancaFiche(newCasablancaCode());
        SoapReply accepted = send(fiches(fiche, "ao-cs", version));
        assertAccepted(accepted, batchId(fiche));
        String exchange = Envelopes.child(accepted.receipt(), SoapReply.COMMON_NS, "IdentifiantEchange").getTextContent();
        String nobodys = java.util.UUID.randomUUID().toString();

        SoapReply hidden = assertRefused(send(SignedRequest.of(Operations.consulterEchange(exchange)).signedBy("ao-rsk")
                .over(version).build()), Reason.EXCHANGE_NOT_VISIBLE);
        SoapReply unknown = assertRefused(send(SignedRequest.of(Operations.consulterEchange(nobodys)).signedBy("ao-rsk")
                .over(version).build()), Reason.EXCHANGE_UNKNOWN);

        assertEquals(detailText(unknown).replace(nobodys, "ID").replace(unknown.correlationId(), "REF"),
                detailText(hidden).replace(exchange, "ID").replace(hidden.correlationId(), "REF"));
    }

    private static String detailText(SoapReply reply) {
        return Envelopes.descendant(reply.fault(), SoapReply.COMMON_NS, "DetailErreur").getTextContent();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Submits, as AO-CS, the first Casablanca fiche under a new code and returns the code. */
    private String createCasablancaProject() {
        String project = newCasablancaCode();
        EnvoiFichesProjets fiche = casablancaFiche(project);
        assertAccepted(send(fiches(fiche, "ao-cs", SoapVersion.SOAP_12)), batchId(fiche));
        return project;
    }

    private static EnvoiFichesProjets casablancaFiche(String project) {
        EnvoiFichesProjets fiche = casablancaFiches();
        fiche.getFicheProjet().subList(1, fiche.getFicheProjet().size()).clear();
        fiche.getFicheProjet().get(0).setCodeProjet(project);
        return fiche;
    }

    /** A project code no test of this class's journal has used. */
    private static String newCasablancaCode() {
        return "AO-CS-2025-" + NEXT_PROJECT.incrementAndGet();
    }

    /** The one problem an unknown project and another entity's project both get. */
    private static List<String> uniformAnswer(String sender, String project) {
        return List.of(
                "Le projet " + project + " ne fait pas partie des projets sur lesquels " + sender
                        + " peut déclarer : il n'a pas de fiche projet acceptée, ou il appartient à une autre entité.",
                "Project " + project + " is not among the projects " + sender
                        + " may report on: it has no accepted project record, or it belongs to another entity.");
    }

    /** The sample progress report of AO-CS-2023-0042, re-aimed at {@code project}, as of {@code asOf}. */
    static EnvoiSituations situation(String project, String asOf, String progress) {
        EnvoiSituations envoi = Payloads.situations("01-vsb-casablanca.xml");
        SituationAvancement situation = envoi.getSituationAvancement().get(0);
        situation.setCodeProjet(project);
        try {
            situation.setDateArrete(DatatypeFactory.newInstance().newXMLGregorianCalendar(asOf));
        } catch (javax.xml.datatype.DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
        situation.setAvancementPhysique(new BigDecimal(progress));
        return envoi;
    }

    private static Document fiches(EnvoiFichesProjets envoi, String signer, SoapVersion version) {
        envoi.getEnTete().setEmetteur(entity(signer));
        return SignedRequest.of(Operations.soumettreProjets(envoi)).signedBy(signer).over(version).build();
    }

    private static Document situations(EnvoiSituations envoi, String signer, SoapVersion version) {
        envoi.getEnTete().setEmetteur(entity(signer));
        return SignedRequest.of(Operations.soumettreSituations(envoi)).signedBy(signer).over(version).build();
    }

    /** AO-CS for the development identity ao-cs. */
    private static String entity(String identity) {
        return identity.toUpperCase(java.util.Locale.ROOT);
    }

    private Element dryRunReport(EnvoiSituations envoi, String emetteur, String signer) {
        envoi.getEnTete().setEmetteur(emetteur);
        SoapReply reply = send(SignedRequest.of(Operations.validerEnvoi(envoi)).signedBy(signer).build());
        assertEquals(200, reply.status(), reply::toString);
        return Envelopes.descendant(reply.document().getDocumentElement(), SERVICE_NS, "RapportValidation");
    }

    private static String text(Element parent, String localName) {
        return Envelopes.child(parent, SERVICE_NS, localName).getTextContent();
    }

    private static List<String> messages(Element report) {
        NodeList texts = report.getElementsByTagNameNS(SoapReply.COMMON_NS, "Message");
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) {
            messages.add(texts.item(i).getTextContent());
        }
        return messages;
    }

    static String batchId(EnvoiSituations envoi) {
        return envoi.getEnTete().getIdentifiantEnvoi();
    }
}
