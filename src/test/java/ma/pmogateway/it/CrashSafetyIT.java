package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.it.campaign.CampaignEngine;
import ma.pmogateway.it.campaign.KillCampaign;

/**
 * A message we acknowledged is never lost and reaches the PMO exactly once: a bounded run of the kill
 * campaign (scripts/kill-campaign, docs/JOURNAL.md) on the embedded journal the campaign chose, the
 * PostgreSQL the gateway runs itself: on H2 the campaign loses acknowledged batches (docs/JOURNAL.md,
 * "Campaign results"), which is why H2 is to stop being the default. A gateway JVM under
 * signed load from several clients is killed with SIGKILL at random moments and started again on the
 * same data directory; then, from the clients' own records, every acknowledged batch must be journaled
 * and deposited at the PMO once, in order per project, {@code audit verify} clean, no restart wedged.
 * Bounded in kills and time, with no timing assertion: the seed is printed to repeat a failing run.
 */
class CrashSafetyIT {

    private static final int KILLS = 10;

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedBatchSurvivesRepeatedKills() throws Exception {
        long seed = System.nanoTime();
        KillCampaign.Result result = KillCampaign.run(new KillCampaign.Settings(CampaignEngine.EMBEDDED_POSTGRESQL,
                KILLS, 3, 1, seed, Duration.ofSeconds(2), Duration.ofMinutes(5), work));
        System.out.println("crash test (seed " + seed + "): " + result);

        assertEquals(KILLS, result.kills());
        assertTrue(result.acknowledged() > KILLS, "the load moved between kills: " + result);
        assertEquals(0, result.lost(), "acknowledged but not journaled");
        assertEquals(0, result.undelivered(), "acknowledged but not deposited at the PMO");
        assertEquals(0, result.duplicates(), "a batch accepted or deposited twice");
        assertEquals(0, result.outOfOrder(), "projects whose deposits arrived out of order");
        assertEquals(0, result.auditProblems(), "audit verify");
        assertEquals(0, result.wedges(), "restarts that did not answer or move within the bound");
        assertEquals(java.util.List.of(), result.refusals(), "batches refused instead of acknowledged");
    }
}
