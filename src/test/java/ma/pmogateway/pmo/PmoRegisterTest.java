package ma.pmogateway.pmo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.journal.PmoArrival;
import ma.pmogateway.journal.PmoSandboxStore.Deposit;

/**
 * Deduplication by message id in the register itself, with the timing made explicit: a second
 * delivery that arrives while the first is still being recorded waits for it on the primary key.
 */
class PmoRegisterTest {

    private static Database database;
    private static PmoRegister register;

    @BeforeAll
    static void open() throws IOException {
        // PostgreSQL, the default engine: a delivery waits on the first one's key for as long as it takes,
        // where H2 gives up after its lock timeout, which a loaded machine can exceed.
        database = TestDatabase.POSTGRESQL.open(Files.createTempDirectory("pmo-register"));
        register = new PmoRegister(database.dataSource());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** The second delivery waits for the first's commit, then gets its acknowledgement (doublon); no work runs. */
    @Test
    void answersADeliveryArrivingDuringTheFirstWithTheFirstsAcknowledgement()
            throws InterruptedException, ExecutionException, TimeoutException {
        Deposit deposit = deposit();
        // Two threads of their own: the common pool may have a single one on two cores, and would run the
        // second delivery only after the first, so that it could not be seen waiting.
        ExecutorService deliveries = Executors.newFixedThreadPool(2);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<AccuseDepot> first = CompletableFuture.supplyAsync(() -> register.deposit(deposit, tx -> {
            claimed.countDown();
            await(release);
            return acknowledgement(deposit);
        }), deliveries);
        assertTrue(claimed.await(60, TimeUnit.SECONDS));

        CompletableFuture<AccuseDepot> second = CompletableFuture.supplyAsync(() -> register.deposit(deposit, tx -> {
            throw new AssertionError("a redelivery must record nothing");
        }), deliveries);
        Thread.sleep(300);
        boolean secondWaited = !second.isDone();
        release.countDown();

        assertTrue(secondWaited, "the redelivery waits for the first delivery's outcome");
        assertFalse(first.get(60, TimeUnit.SECONDS).isDoublon());
        assertTrue(second.get(60, TimeUnit.SECONDS).isDoublon());
        assertEquals(2, arrival(deposit).deliveries());
        deliveries.shutdown();
    }

    /** A first delivery that fails keeps nothing, so the next delivery of the message is recorded as new. */
    @Test
    void recordsTheNextDeliveryAsNewWhenTheFirstFailed() {
        Deposit deposit = deposit();

        assertThrows(GatewayException.class, () -> register.deposit(deposit, tx -> {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, null, "simulated");
        }));
        AccuseDepot accuse = register.deposit(deposit, tx -> acknowledgement(deposit));

        assertFalse(accuse.isDoublon());
        assertEquals(1, arrival(deposit).deliveries());
    }

    /** Deposits are listed in the order they first arrived. */
    @Test
    void listsDepositsInOrderOfArrival() {
        Deposit earlier = deposit();
        Deposit later = deposit();
        register.deposit(earlier, tx -> acknowledgement(earlier));
        register.deposit(later, tx -> acknowledgement(later));

        List<String> order = register.arrivals().stream().map(PmoArrival::messageId)
                .filter(id -> id.equals(earlier.messageId()) || id.equals(later.messageId())).toList();

        assertEquals(List.of(earlier.messageId(), later.messageId()), order);
    }

    private static Deposit deposit() {
        return new Deposit(UUID.randomUUID().toString(), Intake.FICHES, "PASSERELLE-AO-PMO", "0".repeat(64),
                UUID.randomUUID().toString(), LocalDate.of(2026, 9, 30), Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static AccuseDepot acknowledgement(Deposit deposit) {
        AccuseDepot accuse = new AccuseDepot();
        accuse.setIdentifiantMessage(deposit.messageId());
        accuse.setRecuLe(PmoXml.timestamp(deposit.receivedAt()));
        return accuse;
    }

    private static PmoArrival arrival(Deposit deposit) {
        return register.arrivals().stream().filter(a -> a.messageId().equals(deposit.messageId())).findFirst()
                .orElseThrow();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
