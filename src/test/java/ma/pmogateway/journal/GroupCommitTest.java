package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.support.Sha256;

/**
 * Group commit: chain appends that arrive while a group commits are committed together, in arrival
 * order, under one lock of the chain head; a unit that fails is rolled back alone and its caller gets
 * the failure it got before group commit; a commit that fails fails its whole group and keeps nothing;
 * no caller returns before its group's commit has; units waiting when the journal closes are refused.
 * Groups are formed deterministically: the first group's commit is held (a {@link ControlledCommits}
 * connection) until the units of the next have queued. On H2 and on PostgreSQL alike.
 */
class GroupCommitTest extends JournalOnEachDatabase {

    private static final int MAX_GROUP = 64;
    private static final Duration LEASE = Duration.ofMinutes(2);

    private ControlledCommits commits;
    private GroupCommit committer;
    private Journal grouped;
    private ExecutorService callers;

    @BeforeEach
    void openCommitter() {
        commits = new ControlledCommits(database.dataSource());
        committer = new GroupCommit(commits.dataSource(), MAX_GROUP);
        grouped = new Journal(committer, TestDatabase.VERSIONS);
        callers = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopCallers() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(60, TimeUnit.SECONDS);
    }

    /**
     * Twelve writers on each of two nodes (two committers on one database) record, answer and refuse
     * concurrently; the first group of node 1 is held until its other writers have queued. Expected:
     * one chain that verifies, every caller's record and answer in it, and node 1 committed its
     * queued writers as one group.
     */
    @Test
    void concurrentAppendsOfTwoNodesFormOneChainThatVerifies() throws Exception {
        GroupCommit otherNode = new GroupCommit(database.dataSource(), MAX_GROUP);
        Journal node2 = new Journal(otherNode, TestDatabase.VERSIONS);
        int writersPerNode = 12;
        int rounds = 10;
        ControlledCommits.Held first = commits.holdNextCommit();
        List<Future<List<String>>> writers = new ArrayList<>();
        writers.add(callers.submit(() -> appendRounds(grouped, rounds)));
        first.awaitReached();
        for (int i = 1; i < writersPerNode; i++) {
            writers.add(callers.submit(() -> appendRounds(grouped, rounds)));
        }
        awaitWaiting(committer, writersPerNode - 1);
        first.release();
        for (int i = 0; i < writersPerNode; i++) {
            writers.add(callers.submit(() -> appendRounds(node2, rounds)));
        }
        List<String> accepted = new ArrayList<>();
        for (Future<List<String>> writer : writers) {
            accepted.addAll(writer.get(5, TimeUnit.MINUTES));
        }

        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
        int appends = 2 * writersPerNode * rounds * 3;
        assertEquals(appends, chainLength());
        for (String exchange : accepted) {
            assertEquals(Optional.of(Verdict.ACCEPTE), journal.verdictOf(exchange));
            assertTrue(journal.answerOf(exchange).isPresent(), exchange);
        }
        GroupCommit.Statistics node1 = committer.statistics();
        assertEquals(appends, node1.units() + otherNode.statistics().units());
        assertTrue(node1.largestGroup() >= writersPerNode - 1, node1::toString);
    }

    /**
     * One group holds: an acceptance; one its admission check refuses; a copy of the first batch (a
     * retry, seeing the first in the group's transaction); the first batch's id with other content;
     * a refusal under an exchange id already journaled (a unique-key violation); the first's answer;
     * a delivery. Expected: each failing caller gets exactly its failure, is rolled back to its
     * savepoint and leaves nothing; the others commit, in one commit, and the chain verifies.
     */
    @Test
    void aFailingUnitIsRolledBackAloneAndTheOthersOfItsGroupCommit() throws Exception {
        String recorded = rejectedNow(journal);
        Outbox outbox = new Outbox(committer);
        String queued = journal.recordAccepted(request(), batch(UUID.randomUUID().toString(), "queued"),
                admission -> { }).exchangeId();
        OutboxEntry entry = outbox.claim("n1", 1, Instant.now(), LEASE).get(0);
        String batchId = UUID.randomUUID().toString();
        ReceivedRequest firstCopy = request();
        ReceivedRequest refusedByCheck = request();
        ReceivedRequest otherContent = request();
        GatewayException notOwned = new GatewayException(Reason.PROJECT_NOT_OWNED, null, "AO-CS", 1);
        int commitsBefore = commits.commits();

        ControlledCommits.Held first = commits.holdNextCommit();
        Future<String> blocker = callers.submit(() -> rejectedNow(grouped));
        first.awaitReached();
        List<Future<?>> group = new ArrayList<>();
        group.add(queue(() -> grouped.recordAccepted(firstCopy, batch(batchId, "content"), admission -> { })));
        group.add(queue(() -> grouped.recordAccepted(refusedByCheck, batch(UUID.randomUUID().toString(), "x"),
                admission -> {
                    throw notOwned;
                })));
        group.add(queue(() -> grouped.recordAccepted(request(), batch(batchId, "content"), admission -> { })));
        group.add(queue(() -> grouped.recordAccepted(otherContent, batch(batchId, "other"), admission -> { })));
        group.add(queue(() -> {
            grouped.recordRejected(sameExchangeAs(recorded), "SoumettreProjets", "AO-CS", null, null,
                    Reason.SCHEMA_INVALID, "again");
            return null;
        }));
        group.add(queue(() -> {
            grouped.recordResponse(firstCopy.exchangeId(), ResponseNature.REPONSE, new byte[] {1}, Instant.now());
            return null;
        }));
        group.add(queue(() -> outbox.delivered(entry, new Outbox.Deposit(new byte[] {2}, new byte[] {3},
                new byte[] {4}), List.of(), Instant.now())));
        first.release();

        blocker.get(1, TimeUnit.MINUTES);
        Journal.Acceptance accepted = (Journal.Acceptance) group.get(0).get(1, TimeUnit.MINUTES);
        assertFalse(accepted.retry());
        assertSame(notOwned, failureOf(group.get(1)));
        Journal.Acceptance retry = (Journal.Acceptance) group.get(2).get(1, TimeUnit.MINUTES);
        assertTrue(retry.retry());
        assertEquals(firstCopy.exchangeId(), retry.exchangeId());
        assertEquals(ErrorCode.ENVOI_EN_DOUBLE, ((GatewayException) failureOf(group.get(3))).code());
        GatewayException duplicateKey = (GatewayException) failureOf(group.get(4));
        assertEquals(Reason.INTERNAL, duplicateKey.reason());
        assertEquals("23505", assertInstanceOf(SQLException.class, duplicateKey.getCause()).getSQLState());
        group.get(5).get(1, TimeUnit.MINUTES);
        assertEquals(Boolean.TRUE, group.get(6).get(1, TimeUnit.MINUTES));

        assertEquals(2, commits.commits() - commitsBefore, "the blocker's group, then one for the seven");
        assertEquals(3, commits.savepointRollbacks());
        assertEquals(4, committer.statistics().largestGroup());
        assertEquals(Optional.empty(), journal.verdictOf(refusedByCheck.exchangeId()));
        assertEquals(Optional.empty(), journal.verdictOf(otherContent.exchangeId()));
        assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(recorded));
        assertEquals(Optional.empty(), journal.answerOf(recorded));
        assertTrue(journal.answerOf(firstCopy.exchangeId()).isPresent());
        assertEquals(Outbox.State.LIVRE, new Outbox(database.dataSource()).list(null, 10).stream()
                .filter(line -> line.exchangeId().equals(queued)).findFirst().orElseThrow().state());
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    /**
     * The commit of a group of three fails as a lost connection does. Expected: each of its callers is
     * answered SERVICE_INDISPONIBLE with that failure as cause, nothing of the three is kept, the chain
     * verifies, and the next append commits.
     */
    @Test
    void aFailingCommitFailsEveryCallerOfItsGroupAndKeepsNothing() throws Exception {
        String answered = rejectedNow(journal);
        SQLException connectionLost = new SQLException("connection lost during commit", "08006");
        ControlledCommits.Held first = commits.holdNextCommit();
        commits.failNextCommit(connectionLost);
        Future<String> blocker = callers.submit(() -> rejectedNow(grouped));
        first.awaitReached();
        ReceivedRequest rejected = request();
        ReceivedRequest accepted = request();
        List<Future<?>> group = List.of(
                queue(() -> {
                    grouped.recordRejected(rejected, "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID,
                            "lost");
                    return null;
                }),
                queue(() -> grouped.recordAccepted(accepted, batch(UUID.randomUUID().toString(), "lost"),
                        admission -> { })),
                queue(() -> {
                    grouped.recordResponse(answered, ResponseNature.FAUTE, new byte[] {1}, Instant.now());
                    return null;
                }));
        first.release();

        String kept = blocker.get(1, TimeUnit.MINUTES);
        for (Future<?> caller : group) {
            GatewayException failure = (GatewayException) failureOf(caller);
            assertEquals(ErrorCode.SERVICE_INDISPONIBLE, failure.code());
            assertSame(connectionLost, failure.getCause());
        }
        assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(kept));
        assertEquals(Optional.empty(), journal.verdictOf(rejected.exchangeId()));
        assertEquals(Optional.empty(), journal.verdictOf(accepted.exchangeId()));
        assertEquals(Optional.empty(), journal.answerOf(answered));
        assertEquals(0, new Outbox(database.dataSource()).list(null, 10).size());
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
        assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(rejectedNow(grouped)));
    }

    /** Expected: while its group's commit is held, a caller has not returned and its record is not visible. */
    @Test
    void aCallerIsReleasedOnlyAfterItsGroupsCommitReturned() throws Exception {
        ControlledCommits.Held held = commits.holdNextCommit();
        ReceivedRequest request = request();
        Future<?> caller = callers.submit(() -> grouped.recordRejected(request, "SoumettreProjets", "AO-CS", null,
                null, Reason.SCHEMA_INVALID, "held"));
        held.awaitReached();

        assertFalse(caller.isDone());
        assertEquals(Optional.empty(), journal.verdictOf(request.exchangeId()));
        held.release();
        caller.get(1, TimeUnit.MINUTES);
        assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(request.exchangeId()));
    }

    /**
     * The journal closes while a group commits and another append waits for the next. Expected: the
     * waiting caller is refused NODE_NOT_READY at once, the group under way still commits, and a
     * later append is refused the same way.
     */
    @Test
    void appendsWaitingWhenTheJournalClosesAreRefusedAndTheGroupUnderWayCommits() throws Exception {
        ControlledCommits.Held held = commits.holdNextCommit();
        Future<String> underWay = callers.submit(() -> rejectedNow(grouped));
        held.awaitReached();
        ReceivedRequest waiting = request();
        Future<?> waitingCaller = queue(() -> {
            grouped.recordRejected(waiting, "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "late");
            return null;
        });

        committer.close();
        assertEquals(Reason.NODE_NOT_READY, ((GatewayException) failureOf(waitingCaller)).reason());
        held.release();
        assertEquals(Optional.of(Verdict.REJETE), journal.verdictOf(underWay.get(1, TimeUnit.MINUTES)));
        assertEquals(Optional.empty(), journal.verdictOf(waiting.exchangeId()));
        GatewayException closed = assertThrows(GatewayException.class, () -> rejectedNow(grouped));
        assertEquals(Reason.NODE_NOT_READY, closed.reason());
    }

    /**
     * An admission check that appends to the chain itself would wait for the group it is part of.
     * Expected: it is refused at once (IllegalStateException) and nothing of the batch is kept.
     */
    @Test
    void anAppendInsideAnAppendIsRefusedInsteadOfWaitingForItself() {
        ReceivedRequest request = request();
        assertThrows(IllegalStateException.class, () -> grouped.recordAccepted(request,
                batch(UUID.randomUUID().toString(), "nested"), admission -> rejectedNow(grouped)));
        assertEquals(Optional.empty(), journal.verdictOf(request.exchangeId()));
        assertEquals(List.of(), new ChainVerifier(database.dataSource()).verify());
    }

    /** Each round: an accepted batch, its receipt, and a refusal; returns the accepted exchanges. */
    private static List<String> appendRounds(Journal journal, int rounds) {
        List<String> accepted = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            ReceivedRequest request = request();
            journal.recordAccepted(request, batch(UUID.randomUUID().toString(), request.exchangeId()),
                    admission -> { });
            journal.recordResponse(request.exchangeId(), ResponseNature.REPONSE, request.bytes(), Instant.now());
            rejectedNow(journal);
            accepted.add(request.exchangeId());
        }
        return accepted;
    }

    /** Starts {@code call} on a caller's thread and returns once it waits for the next group. */
    private <T> Future<T> queue(Callable<T> call) {
        int waiting = committer.statistics().waiting();
        Future<T> caller = callers.submit(call);
        awaitWaiting(committer, waiting + 1);
        return caller;
    }

    /** Waits, bounded, until {@code count} appends wait for the next group of {@code groupCommit}. */
    private static void awaitWaiting(GroupCommit groupCommit, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (groupCommit.statistics().waiting() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " appends waiting: " + groupCommit.statistics());
            }
            Thread.onSpinWait();
        }
    }

    private static Throwable failureOf(Future<?> caller) throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> caller.get(1, TimeUnit.MINUTES));
        return failed.getCause();
    }

    private static String rejectedNow(Journal journal) {
        ReceivedRequest request = request();
        journal.recordRejected(request, "SoumettreProjets", "AO-CS", null, null, Reason.SCHEMA_INVALID, "test");
        return request.exchangeId();
    }

    /** A new request under the exchange id {@code exchangeId}, already journaled. */
    private static ReceivedRequest sameExchangeAs(String exchangeId) {
        ReceivedRequest fresh = request();
        return new ReceivedRequest(exchangeId, fresh.receivedAt(), fresh.bytes(), fresh.digest());
    }

    private static Submission batch(String batchId, String content) {
        return new Submission("SoumettreProjets", "AO-CS", null, batchId, Sha256.hex(content),
                List.of(new Submission.Item(1, "AO-CS-2025-" + Math.abs(content.hashCode() % 10_000), "FICHE_PROJET",
                        null)), Map.of(), Map.of(), List.of(),
                new Submission.Delivery("DeposerFiches", "<document/>".getBytes(StandardCharsets.UTF_8)));
    }

    private long chainLength() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement head = connection.prepareStatement("SELECT sequence FROM chaine_tete WHERE id = 1");
                ResultSet row = head.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

}
