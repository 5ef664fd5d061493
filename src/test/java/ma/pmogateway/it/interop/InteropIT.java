package ma.pmogateway.it.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ma.pmogateway.journal.Verdict;
import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.common.AccuseReception;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.security.SoapReply;
import ma.pmogateway.journal.Place;
import ma.pmogateway.it.TestGateway;

/**
 * Independent WS-Security stacks call the gateway: Python zeep (with python-xmlsec) and Node.js
 * {@code soap} (with xml-crypto), each over the SOAP 1.2 and the SOAP 1.1 binding. Each submits
 * situations (SoumettreSituations) signed as AO-CS and must get a signed receipt whose signature the
 * client verifies with the gateway's certificate; the exchange must be journaled ACCEPTE; and the saved
 * response must also verify with the xmlsec1 command line (src/test/interop/verify_response.sh).
 *
 * <p>The clients run as separate processes, as an integrator would run them. A missing tool fails
 * the test with the package to install; nothing is skipped.
 */
class InteropIT {

    private static final String IDENTITY = "ao-cs";
    private static final String FICHES = "01-vsb-hmr-casablanca.xml";
    /** Situations of the two AO-CS projects (region 06) that {@link #FICHES} declares. */
    private static final Path SITUATIONS = Path.of("samples/ao/situations/01-vsb-casablanca.xml");
    /** AO-RSK's fiche of its Kénitra project (region 04), re-aimed at an AO-CS project by the takeover test. */
    private static final Path TAKEOVER = Path.of("samples/ao/fiches/12-vsb-kenitra-recasement.xml");
    private static final Path DEV = Path.of("certs/dev");
    private static final Path VERIFY = Path.of("src/test/interop/verify_response.sh");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern BATCH_ID = Pattern.compile("(<ao:IdentifiantEnvoi>)[^<]*(</ao:IdentifiantEnvoi>)");

    private static TestGateway gateway;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void startGatewayAndDeclareProjects() throws Exception {
        gateway = TestGateway.start(TestGateway.registryOverride(
                TestGateway.entry("AO-CS", "ao-cs", "*", "06"), TestGateway.entry("AO-RSK", "ao-rsk", "*", "04")));
        // Situations are accepted only for projects whose fiche was accepted before.
        EnvoiFichesProjets fiches = Payloads.fiches(FICHES);
        AccuseReception receipt = Clients.soap12(gateway.soap12Address(), IDENTITY).soumettreProjets(fiches);
        assertNotNull(receipt.getIdentifiantEchange());
        assertEquals(Optional.of(Verdict.ACCEPTE), gateway.journal().verdictOf(receipt.getIdentifiantEchange()),
                "prerequisite fiches not journaled as accepted");
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of("zeep", "12"), Arguments.of("zeep", "11"),
                Arguments.of("node", "12"), Arguments.of("node", "11"));
    }

    @ParameterizedTest(name = "{0} over SOAP {1}")
    @MethodSource("clients")
    void independentClientGetsASignedReceipt(String client, String soap) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve(client + "-soap" + soap));
        if (client.equals("zeep")) {
            RequiredTools.requireZeep(dir);
        } else {
            RequiredTools.requireNodeSoap(dir);
        }
        RequiredTools.requireXmlsec1(dir);

        String batchId = UUID.randomUUID().toString();
        Path payload = dir.resolve("situations.xml");
        Files.writeString(payload, withBatchId(Files.readString(SITUATIONS, StandardCharsets.UTF_8), batchId),
                StandardCharsets.UTF_8);
        Path response = dir.resolve("response.xml");
        String address = soap.equals("12") ? gateway.soap12Address() : gateway.soap11Address();

        ExternalProcess run = ExternalProcess.run(command(client, address, soap, payload, response),
                CLIENT_TIMEOUT, dir);

        assertEquals(0, run.exitCode(), () -> client + " client failed:\n" + run.describe());
        String exchangeId = run.lastLine();
        assertTrue(UUID_V4.matcher(exchangeId).matches(),
                () -> "no IdentifiantEchange printed by the " + client + " client:\n" + run.describe());
        assertEquals(Optional.of(Verdict.ACCEPTE), gateway.journal().verdictOf(exchangeId),
                () -> "exchange " + exchangeId + " (batch " + batchId + ") not journaled as accepted");

        assertTrue(Files.size(response) > 0, "no response saved in " + response);
        String envelopeNamespace = soap.equals("12") ? "http://www.w3.org/2003/05/soap-envelope"
                : "http://schemas.xmlsoap.org/soap/envelope/";
        assertTrue(Files.readString(response, StandardCharsets.UTF_8).contains(envelopeNamespace),
                () -> "the response is not a SOAP 1." + soap.charAt(1) + " envelope: " + response);

        ExternalProcess verify = ExternalProcess.run(List.of("bash", VERIFY.toString(), response.toString(),
                DEV.resolve("gateway.crt.pem").toString()), CLIENT_TIMEOUT, dir);
        assertEquals(0, verify.exitCode(), () -> "xmlsec1 does not verify the " + client + " response:\n"
                + verify.describe());
    }

    /**
     * Attack, from an independent stack: AO-RSK, registered for every operation, signs a fiche of its
     * own (Kénitra, region 04) under the code of AO-CS's project AO-CS-2023-0042. Expected: a signed
     * NON_AUTORISE fault with the one answer an unknown project gets (nothing of region 06), journaled
     * PROJECT_NOT_OWNED; the project stays where AO-CS put it.
     */
    @ParameterizedTest(name = "{0} over SOAP {1}")
    @MethodSource("clients")
    void independentClientCannotTakeOverAnotherSubsidiarysProject(String client, String soap) throws IOException {
        Path dir = Files.createDirectories(scratch.resolve("takeover-" + client + "-soap" + soap));
        Path payload = dir.resolve("fiches.xml");
        Files.writeString(payload, withBatchId(Files.readString(TAKEOVER, StandardCharsets.UTF_8)
                .replace("AO-RSK-2022-0061", "AO-CS-2023-0042"), UUID.randomUUID().toString()), StandardCharsets.UTF_8);
        Path response = dir.resolve("response.xml");
        String address = soap.equals("12") ? gateway.soap12Address() : gateway.soap11Address();

        ExternalProcess run = ExternalProcess.run(command(client, "ao-rsk", address, soap, payload, response),
                CLIENT_TIMEOUT, dir);

        assertEquals(1, run.exitCode(), () -> client + " client should report the fault:\n" + run.describe());
        SoapReply fault = new SoapReply(500, Files.readAllBytes(response));
        assertAll(
                () -> assertEquals("NON_AUTORISE", fault.errorCode(), fault::toString),
                () -> assertEquals(Optional.of("PROJECT_NOT_OWNED"), gateway.journal().reasonOf(fault.correlationId())),
                () -> assertTrue(fault.problems().stream().anyMatch(p -> p.contains("belongs to another entity")),
                        fault::toString),
                () -> assertFalse(fault.toString().contains("06.141"), fault::toString),
                () -> assertEquals(Set.of(new Place("06", "06.141")), gateway.journal().placesOf("AO-CS-2023-0042")));
    }

    private static List<String> command(String client, String address, String soap, Path payload, Path response) {
        return command(client, IDENTITY, address, soap, payload, response);
    }

    private static List<String> command(String client, String identity, String address, String soap, Path payload,
            Path response) {
        List<String> command = new ArrayList<>();
        if (client.equals("zeep")) {
            command.addAll(List.of(RequiredTools.PYTHON, "src/test/interop/python/client_zeep.py"));
        } else {
            command.addAll(List.of(RequiredTools.NODE, "src/test/interop/node/client_soap.js"));
        }
        command.addAll(List.of(
                "--address", address,
                "--soap", soap,
                "--key", DEV.resolve(identity + ".key.pem").toString(),
                "--cert", DEV.resolve(identity + ".crt.pem").toString(),
                "--server-cert", DEV.resolve("gateway.crt.pem").toString(),
                "--payload", payload.toString(),
                "--out", response.toString()));
        return command;
    }

    private static String withBatchId(String document, String batchId) {
        Matcher matcher = BATCH_ID.matcher(document);
        assertTrue(matcher.find(), "no ao:IdentifiantEnvoi in the payload");
        return matcher.replaceFirst("$1" + batchId + "$2");
    }
}
