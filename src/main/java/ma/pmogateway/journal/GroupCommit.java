package ma.pmogateway.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;

/**
 * Commits the appends to the journal's one hash chain in groups: the units of work that arrive while
 * a group is being committed (an acceptance, a refusal, an answer, a delivery) are run together, in
 * arrival order, in one transaction under one lock of the chain head, and each caller returns only
 * once that transaction's commit has returned. One durable commit (one fsync on PostgreSQL) then
 * serves a whole group instead of one record, while the chain head stays locked by one transaction
 * at a time, on this node as across nodes.
 *
 * <p>Each unit of a group runs under a savepoint of its own: a unit that fails is rolled back to it and
 * its caller gets the failure {@link Transactions#run} would have given it (its own exception, or a
 * {@link SQLException} mapped by {@link DatabaseFailures}); the group's other units still commit. If the
 * transaction itself fails (no connection, connection lost, commit refused), every caller of the group
 * gets that failure, mapped the same way, and nothing of the group remains. A group of one unit is run
 * exactly as {@link Transactions#run} runs it, without a savepoint.
 *
 * <p>There is no committing thread: the first caller that finds no group under way commits the next
 * group, its own unit among them or not, then hands over to a waiting caller (leader and followers).
 * So nothing is left to start or stop, and no caller can wait on a thread that has gone: after
 * {@link #close} the units still waiting are refused, and a group under way ends with its transaction.
 * A unit runs on whichever caller's thread leads its group: it must not depend on thread-local state,
 * nor append to the chain itself.
 */
public final class GroupCommit implements AutoCloseable {

    /** What has been committed so far, and what waits: for the operator's figures and the benchmark. */
    public record Statistics(long groups, long units, int largestGroup, int waiting) {
    }

    private final DataSource dataSource;
    private final int maxGroupSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Unit> waiting = new ArrayDeque<>();
    /** The caller committing a group, null when none is. */
    private Thread leader;
    private boolean closed;
    private long groups;
    private long units;
    private int largestGroup;

    /**
     * Creates the committer of chain appends to {@code dataSource}, at most {@code maxGroupSize} units
     * per transaction (1: each unit in its own transaction, as {@link Transactions#run} does).
     *
     * @throws IllegalArgumentException if {@code maxGroupSize} is below 1
     */
    public GroupCommit(DataSource dataSource, int maxGroupSize) {
        if (maxGroupSize < 1) {
            throw new IllegalArgumentException("maxGroupSize must be at least 1: " + maxGroupSize);
        }
        this.dataSource = dataSource;
        this.maxGroupSize = maxGroupSize;
    }

    /** Returns the database the chain is appended to, for the reads and writes that are no append. */
    DataSource dataSource() {
        return dataSource;
    }

    /**
     * Runs {@code work}, an append to the chain that locks its head, in the next group, and returns once
     * that group's transaction has committed.
     *
     * @param subject what the work is about, named in the error (an exchange id, "outbox")
     * @throws GatewayException whatever {@code work} throws; {@link ErrorCode#SERVICE_INDISPONIBLE} if the
     *                          database is out of reach or the journal is closed, {@link ErrorCode#ERREUR_INTERNE}
     *                          if it fails otherwise (see {@link DatabaseFailures})
     * @throws IllegalStateException if called from a unit of work of this committer (it would wait for
     *                               its own group)
     */
    void run(Object subject, Transactions.Work work) {
        lock.lock();
        try {
            if (Thread.currentThread() == leader) {
                throw new IllegalStateException("a chain append cannot run inside another one: " + subject);
            }
            if (closed) {
                throw closedFailure(subject);
            }
            Unit unit = new Unit(subject, work, lock.newCondition());
            waiting.add(unit);
            while (!unit.decided()) {
                if (leader == null) {
                    lead();
                } else {
                    // Uninterruptibly: once its unit may be in a transaction, the caller waits for its outcome.
                    unit.wakeUp.awaitUninterruptibly();
                }
            }
            unit.returnOrThrow();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Refuses the units still waiting, and any later one, with {@link Reason#NODE_NOT_READY}; a group
     * being committed ends with its transaction (the database closes after this).
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Unit unit : waiting) {
                unit.fail(closedFailure(unit.subject));
                unit.wakeUp.signal();
            }
            waiting.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Returns the groups and units committed since this committer was created, and the units waiting now. */
    public Statistics statistics() {
        lock.lock();
        try {
            return new Statistics(groups, units, largestGroup, waiting.size());
        } finally {
            lock.unlock();
        }
    }

    /** Commits the next group, holding {@link #lock} on entry and on return but not while the database works. */
    private void lead() {
        List<Unit> group = new ArrayList<>();
        while (!waiting.isEmpty() && group.size() < maxGroupSize) {
            group.add(waiting.poll());
        }
        leader = Thread.currentThread();
        lock.unlock();
        int committed = 0;
        try {
            committed = commit(group);
        } finally {
            // Whatever happened, every unit taken has its outcome, so that no caller waits for ever.
            group.forEach(unit -> unit.failIfUndecided(new GatewayException(Reason.INTERNAL, null, unit.subject)));
            lock.lock();
            leader = null;
            if (committed > 0) {
                groups++;
                units += committed;
                largestGroup = Math.max(largestGroup, committed);
            }
            // Woken: the callers of the group, which have their outcome, and the first waiting one, to lead
            // the next group; the others sleep on.
            group.forEach(unit -> unit.wakeUp.signal());
            if (!waiting.isEmpty()) {
                waiting.peek().wakeUp.signal();
            }
        }
    }

    /** Runs {@code group} in one transaction; returns how many of its units were committed. */
    private int commit(List<Unit> group) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Unit> kept = group.size() == 1 ? alone(connection, group.get(0))
                        : eachUnderSavepoint(connection, group);
                connection.commit();
                kept.forEach(Unit::succeed);
                return kept.size();
            } catch (SQLException | RuntimeException | Error e) {
                Transactions.rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            group.forEach(unit -> unit.failIfUndecided(DatabaseFailures.of(e, unit.subject)));
        } catch (RuntimeException | Error e) {
            // A group of one: the unit's own failure, as Transactions.run gives it; else a failure outside any unit.
            group.forEach(unit -> unit.failIfUndecided(group.size() == 1 ? e
                    : new GatewayException(Reason.INTERNAL, e, unit.subject)));
        }
        return 0;
    }

    /** Runs a group's only unit as {@link Transactions#run} would: its failure is the transaction's. */
    private static List<Unit> alone(Connection connection, Unit unit) throws SQLException {
        unit.work.run(connection);
        return List.of(unit);
    }

    /**
     * Locks the chain head for the whole group, then runs each unit under a savepoint, rolling back to it
     * the units that fail; returns the units that did not. A savepoint that cannot be rolled back to (the
     * connection is lost) fails the group.
     */
    private static List<Unit> eachUnderSavepoint(Connection connection, List<Unit> group) throws SQLException {
        // Before any savepoint, so that no unit's rollback can release it (PostgreSQL releases a lock taken
        // after a savepoint when rolled back to it): one lock, held to the commit.
        ChainHead.lock(connection);
        List<Unit> kept = new ArrayList<>(group.size());
        for (Unit unit : group) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                unit.work.run(connection);
                connection.releaseSavepoint(savepoint);
                kept.add(unit);
            } catch (SQLException e) {
                unit.fail(DatabaseFailures.of(e, unit.subject));
                connection.rollback(savepoint);
            } catch (RuntimeException | Error e) {
                unit.fail(e);
                connection.rollback(savepoint);
            }
        }
        return kept;
    }

    private static GatewayException closedFailure(Object subject) {
        return new GatewayException(Reason.NODE_NOT_READY, null, subject);
    }

    /** A unit of work, how its caller is woken, and, once its group has ended, its outcome. */
    private static final class Unit {

        final Object subject;
        final Transactions.Work work;
        /** Signalled when the unit's group has ended, or when the unit is first in line to lead the next. */
        final Condition wakeUp;
        /** Written by the leader before it takes {@link #lock} to end the group; read by the caller under it. */
        private boolean decided;
        private Throwable failure;

        Unit(Object subject, Transactions.Work work, Condition wakeUp) {
            this.subject = subject;
            this.work = work;
            this.wakeUp = wakeUp;
        }

        boolean decided() {
            return decided;
        }

        void succeed() {
            decided = true;
        }

        void fail(Throwable cause) {
            decided = true;
            failure = cause;
        }

        void failIfUndecided(Throwable cause) {
            if (!decided) {
                fail(cause);
            }
        }

        void returnOrThrow() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        }
    }
}
