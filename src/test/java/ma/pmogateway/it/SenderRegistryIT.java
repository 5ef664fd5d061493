package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The gateway refuses to start with a registry that would grant what it does not state: a sender
 * registry (security.sender-registry) whose entry omits its regions, or a PMO sandbox caller registry
 * (pmo.sandbox.callers) granting an operation of the gateway's service, not of the PMO's. Expected:
 * CONFIGURATION_INVALIDE naming the file, the entry and the key, and no gateway serving.
 */
class SenderRegistryIT {

    @TempDir
    Path folder;

    @Test
    void refusesToStartWithSenderEntryWithoutRegions() throws IOException {
        Path registry = write("sender.AO-CS.certificate=" + Identities.certificateFile("ao-cs") + "\n"
                + "sender.AO-CS.operations=SoumettreProjets\n");
        assertRefusedStart(Map.of("security.sender-registry", registry.toString()), registry,
                "entry AO-CS, key sender.AO-CS.regions: missing key");
    }

    @Test
    void refusesToStartWithCallerGrantedGatewayOperation() throws IOException {
        Path callers = write("sender.AO-SIEGE.certificate=" + Identities.certificateFile("gateway") + "\n"
                + "sender.AO-SIEGE.operations=SoumettreProjets\nsender.AO-SIEGE.regions=*\n");
        assertRefusedStart(Map.of("pmo.sandbox.enabled", "true", "pmo.sandbox.callers", callers.toString()), callers,
                "entry AO-SIEGE, key sender.AO-SIEGE.operations: unknown operation SoumettreProjets");
    }

    private static void assertRefusedStart(Map<String, String> overrides, Path file, String problem) {
        GatewayException refusal = assertThrows(GatewayException.class, () -> TestGateway.start(overrides).close());
        assertAll(
                () -> assertEquals(ErrorCode.CONFIGURATION_INVALIDE, refusal.code()),
                () -> assertTrue(refusal.getMessage().contains(file.toString()), refusal::getMessage),
                () -> assertTrue(refusal.getMessage().contains(problem), refusal::getMessage));
    }

    private Path write(String registry) throws IOException {
        Path file = folder.resolve("registry.properties");
        Files.writeString(file, registry, StandardCharsets.UTF_8);
        return file;
    }
}
