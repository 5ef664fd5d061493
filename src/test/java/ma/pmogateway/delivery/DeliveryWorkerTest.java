package ma.pmogateway.delivery;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import ma.pmogateway.journal.ChainVerifier;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.journal.TestRecords;
import ma.pmogateway.transform.Fixtures;

/**
 * Delivery workers on a real database (H2 and PostgreSQL), with real threads and the real PMO -> AO
 * translation; the PMO's side is a depositor answering with a given acknowledgement. Each outcome of
 * an entry is taken from the holder of its current claim only, and every failure after the PMO
 * acknowledged ends, after the configured attempts, as a dead letter with its reason.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class DeliveryWorkerTest {

    private static final String PROJECT = "AO-CS-2023-0042";
    /** Long enough that it never waits for a poll: a finished delivery wakes the poller. */
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** The bound of every wait: far beyond what the steps take, short enough to end a hung test. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Parameter
    TestDatabase kind;

    @TempDir
    Path dataDir;

    private Database database;
    private Journal journal;
    private Outbox outbox;

    @BeforeEach
    void open() {
        database = kind.open(dataDir);
        journal = new Journal(database.groupCommit(), TestDatabase.VERSIONS);
        outbox = new Outbox(database.groupCommit());
    }

    @AfterEach
    void close() {
        database.close();
    }

    /**
     * Race: worker A claims the entry and is still waiting for the PMO when its lease expires; worker B
     * takes the entry over and delivers it. Expected: A's late outcome is refused, so the entry stays
     * delivered with B's acknowledgement, one delivery in the chain, B's feedback once, no error.
     */
    @Test
    void aWorkerWhoseLeaseExpiredCannotOverwriteTheDeliveryOfTheWorkerThatTookItOver() throws Exception {
        String exchange = accept();
        CountDownLatch aInFlight = new CountDownLatch(1);
        CountDownLatch aMayAnswer = new CountDownLatch(1);
        Depositor slow = entry -> {
            aInFlight.countDown();
            await(aMayAnswer);
            return deposit(acknowledgement(exchange, PROJECT), "<sent-by-a/>");
        };
        Depositor prompt = entry -> deposit(acknowledgement(exchange, PROJECT), "<sent-by-b/>");
        // B's clock runs past A's lease: to B, A's claim has expired.
        Clock later = Clock.offset(Clock.systemUTC(), LEASE.plusMinutes(1));

        try (DeliveryWorker a = worker(slow, 5, Clock.systemUTC()).start()) {
            await(aInFlight);
            try (DeliveryWorker b = worker(prompt, 5, later).start()) {
                awaitTrue(() -> state(exchange) == Outbox.State.LIVRE);
            }
            aMayAnswer.countDown();
        }

        Outbox.Line line = outbox.list(null, 10).get(0);
        assertAll(
                () -> assertEquals(Outbox.State.LIVRE, line.state()),
                () -> assertNull(line.lastError()),
                () -> assertEquals(2, line.attempts(), "A's claim and B's"),
                () -> assertEquals(List.of("<sent-by-b/>"), deliveredMessages(exchange)),
                () -> assertEquals(1, count("SELECT COUNT(*) FROM retour_pmo WHERE echange_id = ?", exchange)),
                () -> assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify()));
    }

    /**
     * The PMO acknowledged, but its feedback names a project that is no Al Omrane code: it cannot be
     * translated. Expected: retried with backoff like any failure, then a dead letter after the
     * configured attempts, with the reason; nothing recorded as delivered; re-queued by the operator.
     */
    @Test
    void aFeedbackThatCannotBeTranslatedEndsAsADeadLetterWithItsReason() throws Exception {
        String exchange = accept();
        AtomicInteger deposits = new AtomicInteger();
        Depositor pmo = entry -> {
            deposits.incrementAndGet();
            return deposit(acknowledgement(exchange, "DGCT-2026-17"), "<sent/>");
        };

        try (DeliveryWorker worker = worker(pmo, 3, Clock.systemUTC()).start()) {
            awaitTrue(() -> state(exchange) == Outbox.State.LETTRE_MORTE);
        }

        Outbox.Line dead = outbox.list(Outbox.State.LETTRE_MORTE, 10).get(0);
        assertAll(
                () -> assertEquals(3, dead.attempts()),
                () -> assertEquals(3, deposits.get(), "one deposit per attempt, none after the dead letter"),
                () -> assertTrue(dead.lastError().contains("feedback cannot be translated")
                        && dead.lastError().contains("TRANSFORMATION_INVALIDE"), dead.lastError()),
                () -> assertEquals(List.of(), deliveredMessages(exchange)),
                () -> assertTrue(outbox.requeue(dead.id(), Instant.now()), "visible to outbox retry --all-dead"));
    }

    private DeliveryWorker worker(Depositor depositor, int maxAttempts, Clock clock) {
        DeliverySettings settings = new DeliverySettings(1, Duration.ofMillis(20), maxAttempts, Duration.ofDays(1),
                Duration.ofMillis(10), Duration.ofMillis(40), LEASE);
        return new DeliveryWorker(outbox, depositor, Fixtures.TRANSFORMER, settings, clock);
    }

    /** Accepts a progress report of {@link #PROJECT} and returns its exchange id. */
    private String accept() {
        return new TestRecords(journal).acceptedSituation(PROJECT);
    }

    /** A PMO acknowledgement accepting the situation of {@code project} at 2026-10-31. */
    private static String acknowledgement(String exchange, String project) {
        return """
                <pmo:accuse-depot xmlns:pmo="urn:ma:dgct:pmo:v1">
                  <pmo:identifiant-message>%s</pmo:identifiant-message>
                  <pmo:recu-le>2026-11-04T10:20:41.804+01:00</pmo:recu-le>
                  <pmo:doublon>false</pmo:doublon>
                  <pmo:resultat decision="accepte" date-arrete="2026-10-31" decide-le="2026-11-04T10:20:42+01:00">
                    <pmo:reference-externe organisme="AL-OMRANE">%s</pmo:reference-externe>
                    <pmo:reference-pmo>PMO-2026-000457</pmo:reference-pmo>
                  </pmo:resultat>
                </pmo:accuse-depot>""".formatted(exchange, project);
    }

    private static Outbox.Deposit deposit(String acknowledgement, String sent) {
        return new Outbox.Deposit(acknowledgement.getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8), "<received/>".getBytes(StandardCharsets.UTF_8));
    }

    private Outbox.State state(String exchange) {
        return outbox.list(null, 10).stream().filter(line -> line.exchangeId().equals(exchange))
                .map(Outbox.Line::state).findFirst().orElseThrow();
    }

    private List<String> deliveredMessages(String exchange) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT message_envoye FROM livraison WHERE echange_id = ?")) {
            select.setString(1, exchange);
            List<String> messages = new java.util.ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    messages.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
                }
            }
            return messages;
        }
    }

    private long count(String sql, String exchange) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, exchange);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("not reached within " + PATIENCE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }
}
