package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * The outbox hands out entries once, oldest first, never a project's later entry before its earlier
 * one; every outcome is taken from the holder of the entry's current claim only; on H2 and on
 * PostgreSQL alike.
 */
class OutboxTest extends JournalOnEachDatabase {

    private static final Duration LEASE = Duration.ofMinutes(2);

    private Outbox outbox;

    @BeforeEach
    void openOutbox() {
        outbox = new Outbox(database.groupCommit());
    }

    @Test
    void holdsBackALaterEntryOfTheSameProjectUntilTheEarlierIsDelivered() {
        String first = accept("AO-CS-2023-0042");
        String second = accept("AO-CS-2023-0042");
        String other = accept("AO-CS-2024-0007");

        List<OutboxEntry> claimed = outbox.claim("n1", 10, Instant.now(), LEASE);
        assertEquals(List.of(first, other), exchanges(claimed));

        outbox.delivered(claimed.get(0), deposit("<ack/>".getBytes(StandardCharsets.UTF_8)), List.of(), Instant.now());
        assertEquals(List.of(second), exchanges(outbox.claim("n1", 10, Instant.now(), LEASE)));
    }

    @Test
    void givesAClaimedEntryToNoOtherNodeWhileItsLeaseRuns() {
        accept("AO-CS-2023-0042");
        outbox.claim("n1", 10, Instant.now(), LEASE);

        assertTrue(outbox.claim("n2", 10, Instant.now(), LEASE).isEmpty());
        assertEquals(1, outbox.claim("n2", 10, Instant.now().plus(LEASE).plusSeconds(1), LEASE).size());
    }

    @Test
    void aDeadLetterBlocksItsProjectUntilRequeued() {
        accept("AO-CS-2023-0042");
        String second = accept("AO-CS-2023-0042");
        OutboxEntry firstEntry = outbox.claim("n1", 10, Instant.now(), LEASE).get(0);
        outbox.deadLetter(firstEntry, "PMO refused");

        assertTrue(outbox.claim("n1", 10, Instant.now(), LEASE).isEmpty());
        assertTrue(outbox.requeue(firstEntry.id(), Instant.now()));
        List<OutboxEntry> again = outbox.claim("n1", 10, Instant.now(), LEASE);
        assertEquals(List.of(firstEntry.exchangeId()), exchanges(again));
        assertEquals(1, again.get(0).attempts());
        outbox.delivered(again.get(0), deposit(new byte[] {1}), List.of(), Instant.now());
        assertEquals(List.of(second), exchanges(outbox.claim("n1", 10, Instant.now(), LEASE)));
    }

    @Test
    void aRetriedEntryWaitsForItsNextAttempt() {
        accept("AO-CS-2023-0042");
        OutboxEntry entry = outbox.claim("n1", 10, Instant.now(), LEASE).get(0);
        outbox.retryLater(entry, "timeout", Instant.now().plusSeconds(60));

        assertTrue(outbox.claim("n1", 10, Instant.now(), LEASE).isEmpty());
        assertEquals(2, outbox.claim("n1", 10, Instant.now().plusSeconds(61), LEASE).get(0).attempts());
    }

    /**
     * Worker n1's lease expired and n2 took the entry over and delivered it. Expected: every late
     * outcome of n1 (delivered, retry, dead letter) is refused and changes nothing.
     */
    @Test
    void theOutcomesOfAClaimWhoseLeaseWasTakenOverAreRefused() {
        String exchange = accept("AO-CS-2023-0042");
        OutboxEntry stale = outbox.claim("n1", 10, Instant.now(), LEASE).get(0);
        OutboxEntry current = outbox.claim("n2", 10, Instant.now().plus(LEASE).plusSeconds(1), LEASE).get(0);
        assertTrue(outbox.delivered(current, deposit(new byte[] {2}), List.of(), Instant.now()));

        assertFalse(outbox.delivered(stale, deposit(new byte[] {1}), List.of(new byte[] {'<', 'x', '/', '>'}),
                Instant.now()));
        assertFalse(outbox.retryLater(stale, "timeout", Instant.now()));
        assertFalse(outbox.deadLetter(stale, "PMO refused"));

        Outbox.Line line = outbox.list(null, 10).get(0);
        assertEquals(Outbox.State.LIVRE, line.state());
        assertNull(line.lastError());
        assertEquals(exchange, line.exchangeId());
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    /** Two claims of one node are two leases: the older one cannot report for the newer. */
    @Test
    void aNodeThatClaimedAnEntryAgainCannotReportForItsOlderClaim() {
        accept("AO-CS-2023-0042");
        OutboxEntry first = outbox.claim("n1", 10, Instant.now(), LEASE).get(0);
        OutboxEntry second = outbox.claim("n1", 10, Instant.now().plus(LEASE).plusSeconds(1), LEASE).get(0);

        assertFalse(outbox.retryLater(first, "timeout", Instant.now()));
        assertTrue(outbox.deadLetter(second, "PMO refused"));
        assertEquals(Outbox.State.LETTRE_MORTE, outbox.list(null, 10).get(0).state());
    }

    /** Only a dead letter is re-queued: a delivered entry is never sent again by {@code outbox retry}. */
    @Test
    void requeueingAnEntryThatIsNoDeadLetterChangesNothing() {
        accept("AO-CS-2023-0042");
        OutboxEntry entry = outbox.claim("n1", 10, Instant.now(), LEASE).get(0);
        outbox.delivered(entry, deposit(new byte[] {1}), List.of(), Instant.now());

        assertFalse(outbox.requeue(entry.id(), Instant.now()));
        assertEquals(Outbox.State.LIVRE, outbox.list(null, 10).get(0).state());
    }

    private String accept(String project) {
        return new TestRecords(journal).acceptedSituation(project);
    }

    private static List<String> exchanges(List<OutboxEntry> entries) {
        return entries.stream().map(OutboxEntry::exchangeId).toList();
    }

    private static Outbox.Deposit deposit(byte[] acknowledgement) {
        return new Outbox.Deposit(acknowledgement, "<sent/>".getBytes(StandardCharsets.UTF_8),
                "<received/>".getBytes(StandardCharsets.UTF_8));
    }
}
