package ma.pmogateway.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.it.Identities;

/**
 * The sender registry denies by default: an entry grants only what it states, {@code *} being the
 * only way to grant everything, and a registry with any doubtful entry is refused at load with
 * CONFIGURATION_INVALIDE naming the file, the entry and the key of every problem.
 */
class SenderRegistryTest {

    private static final RegistryVocabulary GATEWAY = RegistryVocabulary.of(SuiviProjets.class);
    private static final RegistryVocabulary PMO = RegistryVocabulary.of(Depot.class);
    private static final X509Certificate AO_CS = Identities.of("ao-cs").certificate();
    private static final String AO_CS_FILE = "sender.AO-CS.certificate=" + Identities.certificateFile("ao-cs") + "\n";

    @TempDir
    Path folder;

    @Test
    void loadsDevelopmentRegistries() {
        assertAll(
                () -> assertTrue(SenderRegistry.load("classpath:config/senders-dev.properties", GATEWAY)
                        .byCode("AO-CS").isPresent()),
                () -> assertTrue(SenderRegistry.load("classpath:config/pmo-callers-dev.properties", PMO)
                        .identify(Identities.of("gateway").certificate()).isPresent()));
    }

    @Test
    void grantsOnlyListedOperationsAndRegions() {
        Sender sender = load(AO_CS_FILE + "sender.AO-CS.operations=SoumettreProjets\nsender.AO-CS.regions=06\n")
                .identify(AO_CS).orElseThrow();
        assertAll(
                () -> assertTrue(sender.mayCall("SoumettreProjets")),
                () -> assertFalse(sender.mayCall("SoumettreSituations")),
                () -> assertTrue(sender.mayReportOn("06", "06.111")),
                () -> assertFalse(sender.mayReportOn("04", "04.281")));
    }

    @Test
    void grantsEverythingOnlyForStar() {
        Sender sender = load(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=*\n")
                .byCode("AO-CS").orElseThrow();
        assertAll(
                () -> assertTrue(sender.operations().all()),
                () -> assertTrue(sender.mayCall("RecupererRetours")),
                () -> assertTrue(sender.mayReportOn("04", "04.281")));
    }

    @Test
    void restrictsToListedProvincesWithinRegions() {
        Sender sender = load(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n"
                + "sender.AO-CS.provinces=06.111\n").byCode("AO-CS").orElseThrow();
        assertAll(
                () -> assertTrue(sender.mayReportOn("06", "06.111")),
                () -> assertFalse(sender.mayReportOn("06", "06.117")));
    }

    @Test
    void identifiesByThumbprintWithColons() {
        String thumbprint = SenderRegistry.thumbprint(AO_CS).replaceAll("(..)(?!$)", "$1:").toLowerCase();
        assertTrue(load("sender.AO-CS.sha256=" + thumbprint + "\nsender.AO-CS.operations=*\nsender.AO-CS.regions=06\n")
                .identify(AO_CS).isPresent());
    }

    @Test
    void identifiesByIssuerAndSerial() {
        assertTrue(load(issuerSerial("AO-CS", AO_CS) + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n")
                .identify(AO_CS).isPresent());
    }

    @Test
    void findsNoSenderForUnregisteredCode() {
        assertEquals(Optional.empty(), load(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n")
                .byCode("AO-RSK"));
    }

    @Test
    void refusesEntryWithoutOperations() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.regions=06\n", "AO-CS", "sender.AO-CS.operations", "missing key");
    }

    @Test
    void refusesEntryWithoutRegions() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\n", "AO-CS", "sender.AO-CS.regions", "missing key");
    }

    @Test
    void refusesEmptyOperations() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.operations", "empty value");
    }

    @Test
    void refusesBlankRegions() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=   \n",
                "AO-CS", "sender.AO-CS.regions", "empty value");
    }

    @Test
    void refusesEmptyProvinces() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\nsender.AO-CS.provinces=\n",
                "AO-CS", "sender.AO-CS.provinces", "empty value");
    }

    @Test
    void refusesStarAmongListedValues() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06,*\n",
                "AO-CS", "sender.AO-CS.regions", "malformed list");
    }

    @Test
    void refusesEmptyItemInList() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=SoumettreProjets,\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.operations", "malformed list");
    }

    @Test
    void refusesUnknownOperation() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=SoumettreProjet\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.operations", "unknown operation SoumettreProjet");
    }

    @Test
    void refusesPmoOperationInGatewayRegistry() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=DeposerFiches\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.operations", "unknown operation DeposerFiches");
    }

    @Test
    void refusesGatewayOperationInCallerRegistry() {
        GatewayException refusal = assertThrows(GatewayException.class, () -> SenderRegistry.load(
                write(AO_CS_FILE + "sender.AO-CS.operations=SoumettreProjets\nsender.AO-CS.regions=*\n"), PMO));
        assertNames(refusal, "AO-CS", "sender.AO-CS.operations", "unknown operation SoumettreProjets");
    }

    @Test
    void refusesRegionNotInHcpList() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=13\n",
                "AO-CS", "sender.AO-CS.regions", "13 is not an HCP region code");
    }

    @Test
    void refusesProvinceNotInHcpList() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\nsender.AO-CS.provinces=06.999\n",
                "AO-CS", "sender.AO-CS.provinces", "06.999 is not an HCP province code");
    }

    @Test
    void refusesProvinceOutsideEntryRegions() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\nsender.AO-CS.provinces=04.281\n",
                "AO-CS", "sender.AO-CS.provinces", "province 04.281 lies in region 04");
    }

    @Test
    void refusesTwoEntriesWithSameThumbprint() {
        String thumbprint = SenderRegistry.thumbprint(AO_CS);
        assertRefused("sender.AO-CS.sha256=" + thumbprint + "\nsender.AO-CS.operations=*\nsender.AO-CS.regions=06\n"
                + "sender.AO-XX.sha256=" + thumbprint + "\nsender.AO-XX.operations=*\nsender.AO-XX.regions=*\n",
                "AO-XX", "sender.AO-XX.sha256", "already entry AO-CS's");
    }

    @Test
    void refusesTwoEntriesWithSameIssuerAndSerial() {
        assertRefused(issuerSerial("AO-CS", AO_CS) + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n"
                + issuerSerial("AO-XX", AO_CS) + "sender.AO-XX.operations=*\nsender.AO-XX.regions=*\n",
                "AO-XX", "sender.AO-XX.issuer", "already entry AO-CS's");
    }

    @Test
    void refusesThumbprintOfCertificateFileOfAnotherEntry() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n"
                + "sender.AO-XX.sha256=" + SenderRegistry.thumbprint(AO_CS)
                + "\nsender.AO-XX.operations=*\nsender.AO-XX.regions=*\n",
                "AO-XX", "sender.AO-XX.sha256", "already entry AO-CS's");
    }

    @Test
    void refusesEntryWithTwoIdentifications() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.sha256=" + SenderRegistry.thumbprint(AO_CS)
                + "\nsender.AO-CS.operations=*\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.certificate", "two identifications");
    }

    @Test
    void refusesEntryWithoutIdentification() {
        assertRefused("sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.certificate|sha256|issuer", "no identification");
    }

    @Test
    void refusesThumbprintOfWrongLength() {
        assertRefused("sender.AO-CS.sha256=3F2A9C\nsender.AO-CS.operations=*\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.sha256", "3F2A9C is not a SHA-256 thumbprint");
    }

    @Test
    void refusesThumbprintWithNonHexDigits() {
        assertRefused("sender.AO-CS.sha256=" + "G".repeat(64) + "\nsender.AO-CS.operations=*\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.sha256", "is not a SHA-256 thumbprint");
    }

    @Test
    void refusesSerialNotInHexadecimal() {
        assertRefused("sender.AO-CS.issuer=CN=AC\nsender.AO-CS.serial=12-AB\nsender.AO-CS.operations=*\n"
                + "sender.AO-CS.regions=06\n", "AO-CS", "sender.AO-CS.serial", "12-AB is not a hexadecimal serial");
    }

    @Test
    void refusesIssuerWithoutSerial() {
        assertRefused("sender.AO-CS.issuer=CN=AC\nsender.AO-CS.operations=*\nsender.AO-CS.regions=06\n",
                "AO-CS", "sender.AO-CS.serial", "issuer and serial go together");
    }

    @Test
    void refusesIssuerThatIsNoX500Name() {
        assertRefused("sender.AO-CS.issuer=not a name\nsender.AO-CS.serial=1A\nsender.AO-CS.operations=*\n"
                + "sender.AO-CS.regions=06\n", "AO-CS", "sender.AO-CS.issuer", "is not an X.500 name");
    }

    @Test
    void refusesUnreadableCertificateFile() {
        assertRefused("sender.AO-CS.certificate=certs/dev/none.crt.pem\nsender.AO-CS.operations=*\n"
                + "sender.AO-CS.regions=06\n", "AO-CS", "sender.AO-CS.certificate", "unreadable certificate file");
    }

    @Test
    void refusesMisspelledKey() {
        assertRefused(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.region=06\n",
                "AO-CS", "sender.AO-CS.region", "unknown key");
    }

    @Test
    void refusesKeyOutsideTheRegistry() {
        GatewayException refusal = refusal(AO_CS_FILE + "sender.AO-CS.operations=*\nsender.AO-CS.regions=06\n"
                + "senders.AO-CS.regions=*\n");
        assertNamesKey(refusal, "senders.AO-CS.regions", "unknown key");
    }

    @Test
    void refusesEntityCodeNotOfAoForm() {
        assertRefused("sender.GATEWAY.certificate=" + Identities.certificateFile("gateway")
                + "\nsender.GATEWAY.operations=*\nsender.GATEWAY.regions=*\n",
                "GATEWAY", "sender.GATEWAY.*", "entity code GATEWAY is not of the form AO-XXX");
    }

    @Test
    void refusesEntityCodeWithDigits() {
        assertRefused("sender.AO-RSA1024.certificate=" + Identities.certificateFile("bad-rsa1024")
                + "\nsender.AO-RSA1024.operations=*\nsender.AO-RSA1024.regions=*\n",
                "AO-RSA1024", "sender.AO-RSA1024.*", "is not of the form AO-XXX");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        GatewayException refusal = refusal(AO_CS_FILE + "sender.AO-CS.region=06\n"
                + "sender.AO-RSK.sha256=00\nsender.AO-RSK.operations=Soumettre\nsender.AO-RSK.regions=04\n");
        assertAll(
                () -> assertEquals(5, refusal.problems().size(), refusal::getMessage),
                () -> assertNames(refusal, "AO-CS", "sender.AO-CS.operations", "missing key"),
                () -> assertNames(refusal, "AO-CS", "sender.AO-CS.regions", "missing key"),
                () -> assertNames(refusal, "AO-CS", "sender.AO-CS.region", "unknown key"),
                () -> assertNames(refusal, "AO-RSK", "sender.AO-RSK.sha256", "not a SHA-256 thumbprint"),
                () -> assertNames(refusal, "AO-RSK", "sender.AO-RSK.operations", "unknown operation Soumettre"));
    }

    @Test
    void describesProblemsInFrenchAndEnglish() {
        GatewayException refusal = refusal(AO_CS_FILE + "sender.AO-CS.operations=*\n");
        assertAll(
                () -> assertTrue(refusal.text(Messages.FRENCH).contains(
                        "entrée AO-CS, clé sender.AO-CS.regions : clé absente"), () -> refusal.text(Messages.FRENCH)),
                () -> assertTrue(refusal.text(Messages.ENGLISH).contains(
                        "entry AO-CS, key sender.AO-CS.regions: missing key"), () -> refusal.text(Messages.ENGLISH)));
    }

    /** Asserts that loading {@code registry} is refused with a problem naming {@code entry}, {@code key} and {@code what}. */
    private void assertRefused(String registry, String entry, String key, String what) {
        assertNames(refusal(registry), entry, key, what);
    }

    private GatewayException refusal(String registry) {
        return assertThrows(GatewayException.class, () -> load(registry));
    }

    /** Asserts that the message names the file and has a problem saying {@code entry}, {@code key} and {@code what}. */
    private void assertNames(GatewayException refusal, String entry, String key, String what) {
        String message = refusal.getMessage();
        assertAll(
                () -> assertEquals(ErrorCode.CONFIGURATION_INVALIDE, refusal.code()),
                () -> assertTrue(message.contains(folder.resolve("senders.properties").toString()), message),
                () -> assertTrue(refusal.problems().stream().anyMatch(problem -> problem.messageEn()
                        .startsWith("entry " + entry + ", key " + key + ": ") && problem.messageEn().contains(what)),
                        message));
    }

    /** Asserts that the message names the file and has a problem saying {@code key}, of no entry, and {@code what}. */
    private void assertNamesKey(GatewayException refusal, String key, String what) {
        String message = refusal.getMessage();
        assertAll(
                () -> assertTrue(message.contains(folder.resolve("senders.properties").toString()), message),
                () -> assertTrue(message.contains("key " + key + ": " + what), message));
    }

    private SenderRegistry load(String registry) {
        return SenderRegistry.load(write(registry), GATEWAY);
    }

    private String write(String registry) {
        Path file = folder.resolve("senders.properties");
        try {
            Files.writeString(file, registry, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    private static String issuerSerial(String code, X509Certificate certificate) {
        return "sender." + code + ".issuer=" + certificate.getIssuerX500Principal().getName() + "\n"
                + "sender." + code + ".serial=" + certificate.getSerialNumber().toString(16) + "\n";
    }
}
