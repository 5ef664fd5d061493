package ma.pmogateway.it.campaign;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill campaign in small, on the default embedded journal (the PostgreSQL server the gateway
 * runs itself): a real gateway JVM under signed load from three clients, killed with SIGKILL five
 * times at random moments and restarted on the same data. Every acknowledged batch must be journaled
 * and deposited at the PMO exactly once, in order per project, with {@code audit verify} clean and no
 * restart wedged. Bounded: five kills, and each wait by the campaign's wedge bound. The seed is
 * printed so that a failing run can be repeated with {@code scripts/kill-campaign --seed}.
 */
class KillCampaignIT {

    private static final int KILLS = 5;

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedBatchSurvivesRepeatedKillsOnTheDefaultJournal() throws Exception {
        long seed = System.nanoTime();
        System.out.println("kill campaign: seed " + seed);
        KillCampaign.Result result = KillCampaign.run(new KillCampaign.Settings(CampaignEngine.EMBEDDED_POSTGRESQL,
                KILLS, 3, 1, seed, Duration.ofSeconds(3), Duration.ofSeconds(300), Duration.ofHours(1), work));
        System.out.println("kill campaign: " + result);

        assertAll(
                () -> assertEquals(KILLS, result.kills(), "kills dealt (seed " + seed + ")"),
                () -> assertTrue(result.acknowledged() > 0, "batches acknowledged"),
                () -> assertEquals(0, result.lost(), "acknowledged but not journaled"),
                () -> assertEquals(0, result.undelivered(), "acknowledged but not deposited at the PMO"),
                () -> assertEquals(0, result.duplicates(), "accepted or deposited twice"),
                () -> assertEquals(0, result.outOfOrder(), "deposited out of order"),
                () -> assertEquals(0, result.auditProblems(), "audit verify problems"),
                () -> assertEquals(0, result.wedges(), "wedged restarts"),
                () -> assertEquals(java.util.List.of(), result.refusals(), "valid batches refused"));
    }
}
