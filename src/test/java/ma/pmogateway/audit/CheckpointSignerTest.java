package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/** A checkpoint is read back only if the gateway signed exactly what it says. */
class CheckpointSignerTest {

    private static final KeyMaterial GATEWAY = Identities.of("gateway");
    private static final CheckpointSigner.Checkpoint CHECKPOINT =
            new CheckpointSigner.Checkpoint(42, "ab".repeat(32), Instant.parse("2026-11-28T18:00:00.123Z"));

    @Test
    void readsBackWhatTheGatewaySigned() throws Exception {
        byte[] signed = new CheckpointSigner(GATEWAY.privateKey(), GATEWAY.certificate()).sign(CHECKPOINT);

        assertEquals(CHECKPOINT, CheckpointSigner.read(signed, GATEWAY.certificate()::equals));
    }

    @Test
    void refusesACheckpointWhoseSequenceWasChanged() {
        byte[] signed = new CheckpointSigner(GATEWAY.privateKey(), GATEWAY.certificate()).sign(CHECKPOINT);
        byte[] altered = new String(signed, StandardCharsets.UTF_8).replace("sequence=\"42\"", "sequence=\"41\"")
                .getBytes(StandardCharsets.UTF_8);

        assertThrows(VerificationFailure.class, () -> CheckpointSigner.read(altered, GATEWAY.certificate()::equals));
    }

    @Test
    void refusesACheckpointSignedWithAnotherKey() {
        KeyMaterial other = Identities.of("ao-cs");
        byte[] signed = new CheckpointSigner(other.privateKey(), other.certificate()).sign(CHECKPOINT);

        var problem = assertThrows(VerificationFailure.class,
                () -> CheckpointSigner.read(signed, GATEWAY.certificate()::equals));
        assertTrue(problem.getMessage().contains("AO-CS"), problem.getMessage());
    }
}
