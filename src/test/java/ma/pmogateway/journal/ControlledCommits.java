package ma.pmogateway.journal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * A real database seen through connections whose commits a test controls: the next commit can be held
 * until the test lets it go, or made to fail before it reaches the database; commits that reached the
 * database and rollbacks to a savepoint are counted, so that a test can tell which path a group took.
 */
final class ControlledCommits {

    /** What the next commit does before it reaches the database: wait, or throw. */
    @FunctionalInterface
    interface BeforeCommit {
        void run() throws SQLException;
    }

    /** A commit held before it reaches the database, until {@link #release}. */
    static final class Held implements BeforeCommit {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void run() {
            reached.countDown();
            await(released);
        }

        /** Waits until a commit is held here. */
        void awaitReached() {
            await(reached);
        }

        /** Lets the held commit go on to the database. */
        void release() {
            released.countDown();
        }

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("nothing happened within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private final DataSource target;
    private final Queue<BeforeCommit> next = new ConcurrentLinkedQueue<>();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger savepointRollbacks = new AtomicInteger();

    ControlledCommits(DataSource target) {
        this.target = target;
    }

    /** Holds the next commit not yet controlled; returns its handle. */
    Held holdNextCommit() {
        Held held = new Held();
        next.add(held);
        return held;
    }

    /** Makes the next commit not yet controlled fail with {@code failure}, the transaction left to roll back. */
    void failNextCommit(SQLException failure) {
        next.add(() -> {
            throw failure;
        });
    }

    /** Returns how many commits reached the database. */
    int commits() {
        return commits.get();
    }

    /** Returns how many transactions were rolled back to a savepoint. */
    int savepointRollbacks() {
        return savepointRollbacks.get();
    }

    /** Returns the database, its connections controlled. */
    DataSource dataSource() {
        return proxy(DataSource.class, target, (proxy, method, args) -> {
            Object result = invoke(method, target, args);
            return result instanceof Connection connection ? controlled(connection) : result;
        });
    }

    private Connection controlled(Connection connection) {
        return proxy(Connection.class, connection, (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                BeforeCommit before = next.poll();
                if (before != null) {
                    before.run();
                }
                connection.commit();
                commits.incrementAndGet();
                return null;
            }
            if (method.getName().equals("rollback") && args != null && args[0] instanceof Savepoint) {
                savepointRollbacks.incrementAndGet();
            }
            return invoke(method, connection, args);
        });
    }

    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(ControlledCommits.class.getClassLoader(), new Class<?>[] {type},
                handler));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
