package ma.pmogateway.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The gateway's backlog towards the PMO, seen from outside: submissions the gateway accepted (the load
 * driver's verified receipts) minus messages the PMO sandbox has recorded (rows of its register
 * {@code pmo_depot}, one per message however often it was redelivered). The sandbox runs in its own
 * JVM on an H2 journal opened with {@code AUTO_SERVER=TRUE}, so this reads it while it runs.
 */
final class DeliveryWatch implements AutoCloseable {

    /** The backlog {@code seconds} after sampling started. */
    record Sample(double seconds, long backlog) {
    }

    private final Connection sandbox;
    private final LongSupplier accepted;
    private ScheduledExecutorService sampler;
    private final List<Sample> samples = new ArrayList<>();
    private long sampledFrom;

    DeliveryWatch(String sandboxJdbcUrl, LongSupplier accepted) throws SQLException {
        this.sandbox = DriverManager.getConnection(sandboxJdbcUrl, "pmo", "");
        this.accepted = accepted;
    }

    /** Returns how many distinct messages the PMO has recorded. */
    synchronized long deposits() {
        try (Statement statement = sandbox.createStatement();
                ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM pmo_depot")) {
            count.next();
            return count.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the PMO sandbox's register", e);
        }
    }

    /**
     * Accepted minus deposited, the register read first: read the other way round, the deposits of
     * receipts that arrived during the register's query made samples negative. A sample can still be a
     * little below zero when a delivery reaches the PMO before its receipt has reached the driver.
     */
    long backlog() {
        long deposited = deposits();
        return accepted.getAsLong() - deposited;
    }

    /** Starts recording the backlog once a second (a new series). */
    synchronized void startSampling() {
        samples.clear();
        sampledFrom = System.nanoTime();
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "delivery-watch");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        samples.add(new Sample((System.nanoTime() - sampledFrom) / 1e9, backlog()));
    }

    /** Waits until every accepted submission is at the PMO; returns how long that took, or null after {@code patience}. */
    Duration awaitDrained(Duration patience) {
        long started = System.nanoTime();
        while (backlog() > 0) {
            if (System.nanoTime() - started > patience.toNanos()) {
                return null;
            }
            ServerProcess.pause(Duration.ofMillis(100));
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Stops sampling and returns the series since {@link #startSampling}, with a last sample now. */
    synchronized List<Sample> stopSampling() {
        sampler.shutdownNow();
        sample();
        return List.copyOf(samples);
    }

    /** Returns the series as "seconds:backlog" pairs, at most {@code points} of them, evenly picked. */
    static String series(List<Sample> samples, int points) {
        List<String> shown = new ArrayList<>();
        double step = Math.max(1, samples.size() / (double) points);
        for (double i = 0; i < samples.size(); i += step) {
            Sample sample = samples.get((int) i);
            shown.add(String.format(Locale.ROOT, "%.0fs:%d", sample.seconds(), sample.backlog()));
        }
        Sample last = samples.get(samples.size() - 1);
        String end = String.format(Locale.ROOT, "%.0fs:%d", last.seconds(), last.backlog());
        if (!shown.get(shown.size() - 1).equals(end)) {
            shown.add(end);
        }
        return String.join(" ", shown);
    }

    @Override
    public void close() throws SQLException {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        sandbox.close();
    }
}
