package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ma.pmogateway.it.TestGateway;

/**
 * The dry run (ValiderEnvoi) is the submission without its effects: for every published sample, valid or
 * not, and for variants that break the sender's rights or the project's history (its progress, its
 * cumulative amounts), the dry run's verdict
 * is the submission's (valid exactly when the batch is accepted) and its errors are the fault's errors
 * (rule and message, locations aside: the dry run locates in the batch, the fault in the SOAP payload;
 * a root that is no AO batch at all is worded from each one's context, so only its rule is compared).
 *
 * <p>Each batch is dry-run first, then submitted, so that both see the same journal. Samples are sent in
 * their own name by AO-CS, the head office's in its name, and the other entities' by the head office in
 * their name (the development PKI has no key for them).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DryRunParityIT extends GatewayTest {

    private static final String SERVICE_NS = Operations.SERVICE_NS;
    private static final Path SAMPLES = Path.of("samples");

    /** AO-RSK may call everything here, so that its variants reach the ownership checks. */
    @Override
    Map<String, String> overrides() {
        return TestGateway.registryOverride(TestGateway.entry("AO-SIEGE", "ao-siege", "*", "*"),
                TestGateway.entry("AO-CS", "ao-cs", "*", "06"), TestGateway.entry("AO-RSK", "ao-rsk", "*", "04"));
    }

    @Test
    @Order(1)
    void validFichesAreValidInTheDryRunAndAccepted() {
        samples("ao/fiches").forEach(sample -> assertParity(sample, withNewBatchId(read(sample)), true));
    }

    @Test
    @Order(2)
    void validSituationsAreValidInTheDryRunAndAccepted() {
        samples("ao/situations").forEach(sample -> assertParity(sample, withNewBatchId(read(sample)), true));
    }

    /** Published invalid samples are sent as they are: a batch id may be their very error. */
    @Test
    @Order(3)
    void invalidSamplesAreRefusedWithTheProblemsTheDryRunReports() {
        samples("invalides").forEach(sample -> assertParity(sample, read(sample), false));
    }

    /** Another subsidiary's fiche under AO-CS's code, and its report on AO-CS's project. */
    @Test
    @Order(4)
    void ownershipRefusalsAreTheDryRunsProblems() {
        Document takeover = withNewBatchId(read(SAMPLES.resolve("ao/fiches/12-vsb-kenitra-recasement.xml")));
        replaceText(takeover, "Emetteur", "AO-RSK");
        replaceText(takeover, "CodeProjet", "AO-CS-2023-0042");
        assertParity("takeover", takeover, false);
        Document report = withNewBatchId(read(SAMPLES.resolve("ao/situations/01-vsb-casablanca.xml")));
        replaceText(report, "Emetteur", "AO-RSK");
        assertParity("report on another's project", report, false);
        replaceText(report, "CodeProjet", "AO-RSK-2025-999999");
        assertParity("report on an unknown project", report, false);
    }

    /** A header naming another entity than the signer's. */
    @Test
    @Order(5)
    void aHeaderNamingAnotherSenderIsRefusedByBoth() {
        Document fiches = withNewBatchId(read(SAMPLES.resolve("ao/fiches/01-vsb-hmr-casablanca.xml")));
        replaceText(fiches, "Emetteur", "AO-RSK");
        assertParity("Emetteur other than the signer", fiches, false, "ao-cs");
    }

    /** A report whose progress is below the last accepted one (R-AVA-002, from the journal). */
    @Test
    @Order(6)
    void aHistoryRuleRefusalIsTheDryRunsToo() {
        Document report = withNewBatchId(read(SAMPLES.resolve("ao/situations/01-vsb-casablanca.xml")));
        replaceText(report, "DateCreation", "2026-11-20T09:00:00+01:00");
        replaceText(report, "DateArrete", "2026-11-15");
        replaceText(report, "AvancementPhysique", "10.00");
        assertParity("progress going backwards", report, false);
    }

    /** A report whose cumulative paid amount is below the last accepted one (R-FIN-005, from the journal). */
    @Test
    @Order(7)
    void anAmountGoingBackwardsAgainstTheJournalIsRefusedByBoth() {
        Document report = withNewBatchId(read(SAMPLES.resolve("ao/situations/01-vsb-casablanca.xml")));
        replaceText(report, "DateCreation", "2026-11-20T09:00:00+01:00");
        replaceText(report, "DateArrete", "2026-11-16");
        replaceText(report, "MontantPaye", "70000000.00");
        assertEquals(List.of("R-FIN-005"), assertParity("paid amount going backwards", report, false));
    }

    // ---- the comparison ---------------------------------------------------------------------

    private void assertParity(Path sample, Document batch, boolean expectedValid) {
        assertParity(sample.getFileName().toString(), batch, expectedValid);
    }

    /** Returns the rules of the submission's blocking problems ("-" for a schema problem), none if accepted. */
    private List<String> assertParity(String name, Document batch, boolean expectedValid) {
        return assertParity(name, batch, expectedValid, signerOf(batch));
    }

    private List<String> assertParity(String name, Document batch, boolean expectedValid, String signer) {
        SoapReply dryRun = send(SignedRequest.of(Operations.validerEnvoi(batch)).signedBy(signer).build());
        assertEquals(200, dryRun.status(), () -> name + ": " + dryRun);
        Element report = Envelopes.descendant(dryRun.document().getDocumentElement(), SERVICE_NS, "RapportValidation");
        boolean valid = Boolean.parseBoolean(Envelopes.child(report, SERVICE_NS, "Valide").getTextContent());

        SoapReply submission = send(SignedRequest.of(Operations.submit(batch)).signedBy(signer).build());

        assertEquals(expectedValid, valid, () -> name + " dry run: " + dryRun);
        assertEquals(valid, submission.status() == 200, () -> name + " submission: " + submission);
        if (!valid) {
            Element detail = Envelopes.descendant(submission.fault(), SoapReply.COMMON_NS, "DetailErreur");
            // A root that is no AO batch is described from the batch alone (dry run) or from the operation
            // element expecting it (submission): the same one schema problem at the root, worded apart.
            boolean aoBatch = Operations.AO_NS.equals(batch.getDocumentElement().getNamespaceURI());
            List<String> refused = aoBatch ? errors(detail) : rules(detail);
            assertEquals(aoBatch ? errors(report) : rules(report), refused, () -> name + ": " + submission);
            assertTrue(!refused.isEmpty(), () -> name + ": no problem in " + submission);
            return rules(detail);
        }
        return List.of();
    }

    /** The blocking problems of a report or fault detail: rule id and French message, in order. */
    private static List<String> errors(Element holder) {
        List<String> errors = new ArrayList<>();
        // svc:Probleme in a report, cm:Probleme in a fault: the same type, cm:Probleme.
        NodeList problems = holder.getElementsByTagNameNS("*", "Probleme");
        for (int i = 0; i < problems.getLength(); i++) {
            Element problem = (Element) problems.item(i);
            if ("ERREUR".equals(text(problem, "Gravite"))) {
                errors.add(text(problem, "Regle") + " " + frenchMessage(problem));
            }
        }
        return errors;
    }

    /** The rule ids of the blocking problems ("-" for a schema problem), in order. */
    private static List<String> rules(Element holder) {
        return errors(holder).stream().map(error -> error.substring(0, error.indexOf(' '))).toList();
    }

    private static String frenchMessage(Element problem) {
        NodeList messages = problem.getElementsByTagNameNS(SoapReply.COMMON_NS, "Message");
        for (int i = 0; i < messages.getLength(); i++) {
            Element message = (Element) messages.item(i);
            if ("fr".equals(message.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang"))) {
                return message.getTextContent();
            }
        }
        return "";
    }

    private static String text(Element parent, String localName) {
        NodeList found = parent.getElementsByTagNameNS(SoapReply.COMMON_NS, localName);
        return found.getLength() == 0 ? "-" : found.item(0).getTextContent();
    }

    // ---- the samples ------------------------------------------------------------------------

    private static List<Path> samples(String folder) {
        try (Stream<Path> files = Files.list(SAMPLES.resolve(folder))) {
            return files.filter(file -> file.toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The sample as a document, sent by AO-CS if it is its own, else by the head office in the name it
     * gives (its header's Emetteur becomes AO-SIEGE).
     */
    private static Document read(Path sample) {
        try {
            Document batch = Envelopes.parse(Files.readAllBytes(sample));
            NodeList emetteur = batch.getElementsByTagNameNS(Operations.AO_NS, "Emetteur");
            if (emetteur.getLength() > 0 && !"AO-CS".equals(emetteur.item(0).getTextContent().strip())) {
                emetteur.item(0).setTextContent("AO-SIEGE");
            }
            return batch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String signerOf(Document batch) {
        NodeList emetteur = batch.getElementsByTagNameNS(Operations.AO_NS, "Emetteur");
        String code = emetteur.getLength() == 0 ? "AO-CS" : emetteur.item(0).getTextContent().strip();
        return code.toLowerCase(java.util.Locale.ROOT);
    }

    /** Gives {@code batch} a batch id of its own (a published sample is sent more than once) and returns it. */
    private static Document withNewBatchId(Document batch) {
        replaceText(batch, "IdentifiantEnvoi", UUID.randomUUID().toString());
        return batch;
    }

    /** Sets the text of every {@code ao:<localName>} of {@code batch}. */
    private static void replaceText(Document batch, String localName, String text) {
        NodeList found = batch.getElementsByTagNameNS(Operations.AO_NS, localName);
        for (int i = 0; i < found.getLength(); i++) {
            found.item(i).setTextContent(text);
        }
    }
}
