package ma.pmogateway.ops.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.journal.CheckpointStore;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.error.GatewayException;

/**
 * The node's health, checked in the background at an interval, each check bounded by a timeout, and
 * served from the last result: a probe or a scrape never waits on the database or the PMO.
 *
 * <p>Ready means the node can take requests: the journal answers, the signing key is valid and every
 * CRL is fresh (a stale CRL makes every request fail closed), and no maintenance file is present.
 * The PMO's reachability, the outbox and the checkpoints are reported, but do not make the node
 * unready: requests are accepted and queued while the PMO is away (store and forward).
 */
public final class HealthMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    /** A certificate or CRL this close to its end is reported WARN. */
    static final Duration NEAR_END = Duration.ofDays(30);

    /** What the checks look at. {@code pmo} is null when delivery is off. */
    public record Sources(DataSource journal, X509Certificate signingCertificate, List<X509CRL> crls, URI pmo,
            Path maintenanceFile) {
    }

    /** The result of one round of checks. */
    public record Snapshot(Instant at, List<Check> checks, Outbox.Backlog backlog, Instant lastCheckpoint) {
    }

    private final Sources sources;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService checker;
    private volatile Snapshot last;

    public HealthMonitor(Sources sources, Duration interval, Duration timeout, Clock clock) {
        this.sources = sources;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        this.checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pmo-gateway-health");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the checks: a first round now, then one every interval. */
    public HealthMonitor start() {
        checker.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Returns the last round of checks, if one has ended. */
    public Optional<Snapshot> snapshot() {
        return Optional.ofNullable(last);
    }

    /** Returns true while the maintenance file exists: the node is to be drained. */
    public boolean inMaintenance() {
        return Files.exists(sources.maintenanceFile());
    }

    /** Returns true if the node can take requests: checked at least once, every required check passing, not in maintenance. */
    public boolean ready() {
        Snapshot snapshot = last;
        return snapshot != null && !inMaintenance() && snapshot.checks().stream().allMatch(Check::passes);
    }

    private void refresh() {
        try {
            last = round();
        } catch (RuntimeException e) {
            // A check that failed unexpectedly must not stop the schedule.
            LOG.error("Health checks failed", e);
        }
    }

    /** Runs every check once. */
    Snapshot round() {
        Instant now = clock.instant();
        List<Check> checks = new ArrayList<>();
        Check database = database();
        checks.add(database);
        checks.add(signingKey(now));
        checks.add(crls(now));
        if (sources.pmo() != null) {
            checks.add(pmo());
        }
        Outbox.Backlog backlog = null;
        Instant lastCheckpoint = null;
        if (database.status() == Check.Status.UP) {
            try {
                backlog = new Outbox(sources.journal()).backlog();
                checks.add(outbox(backlog, now));
                lastCheckpoint = new CheckpointStore(sources.journal()).latestSignedAt().orElse(null);
                checks.add(checkpoint(lastCheckpoint, now));
            } catch (GatewayException e) {
                checks.add(new Check("outbox", false, Check.Status.DOWN, "unreadable: " + e.getMessage(), Map.of()));
            }
        }
        Snapshot snapshot = new Snapshot(now, List.copyOf(checks), backlog, lastCheckpoint);
        logChanges(last, snapshot);
        return snapshot;
    }

    private Check database() {
        long started = System.nanoTime();
        try (Connection connection = sources.journal().getConnection()) {
            int seconds = (int) Math.max(1, timeout.toSeconds());
            boolean valid = connection.isValid(seconds);
            Map<String, Object> figures = Map.of("latency_ms", (System.nanoTime() - started) / 1_000_000);
            return new Check("database", true, valid ? Check.Status.UP : Check.Status.DOWN,
                    valid ? "the journal answers" : "the journal's connection is not valid", figures);
        } catch (SQLException | RuntimeException e) {
            return new Check("database", true, Check.Status.DOWN, "the journal does not answer: " + e.getMessage(),
                    Map.of());
        }
    }

    private Check signingKey(Instant now) {
        X509Certificate certificate = sources.signingCertificate();
        Duration left = Duration.between(now, certificate.getNotAfter().toInstant());
        Map<String, Object> figures = Map.of("remaining_days", left.toDays(),
                "subject", certificate.getSubjectX500Principal().getName());
        if (now.isBefore(certificate.getNotBefore().toInstant()) || left.isNegative()) {
            return new Check("signing-key", true, Check.Status.DOWN, "the gateway's certificate is not valid now",
                    figures);
        }
        return new Check("signing-key", true, left.compareTo(NEAR_END) < 0 ? Check.Status.WARN : Check.Status.UP,
                "the gateway's certificate is valid for " + left.toDays() + " more day(s)", figures);
    }

    private Check crls(Instant now) {
        Check.Status status = Check.Status.UP;
        List<String> stale = new ArrayList<>();
        long soonest = Long.MAX_VALUE;
        for (X509CRL crl : sources.crls()) {
            Instant next = crl.getNextUpdate() == null ? null : crl.getNextUpdate().toInstant();
            if (next == null) {
                continue;
            }
            Duration left = Duration.between(now, next);
            soonest = Math.min(soonest, left.toSeconds());
            if (left.isNegative()) {
                stale.add(crl.getIssuerX500Principal().getName());
                status = Check.Status.DOWN;
            } else if (left.compareTo(Duration.ofDays(1)) < 0 && status == Check.Status.UP) {
                status = Check.Status.WARN;
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("count", sources.crls().size());
        if (soonest != Long.MAX_VALUE) {
            figures.put("soonest_next_update_seconds", soonest);
        }
        return new Check("crl", true, status, stale.isEmpty() ? "every CRL is fresh"
                : "stale CRL (every request fails closed): " + String.join("; ", stale), figures);
    }

    /** The PMO's address reachable: a TCP connection within the timeout, nothing sent. */
    private Check pmo() {
        URI pmo = sources.pmo();
        int port = pmo.getPort() != -1 ? pmo.getPort() : "https".equals(pmo.getScheme()) ? 443 : 80;
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(pmo.getHost(), port), (int) timeout.toMillis());
            return new Check("pmo", false, Check.Status.UP, pmo.getHost() + ":" + port + " reachable",
                    Map.of("latency_ms", (System.nanoTime() - started) / 1_000_000));
        } catch (IOException e) {
            return new Check("pmo", false, Check.Status.WARN, pmo.getHost() + ":" + port + " out of reach ("
                    + e.getMessage() + "); deliveries wait in the outbox", Map.of());
        }
    }

    private static Check outbox(Outbox.Backlog backlog, Instant now) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("undelivered", backlog.undelivered());
        figures.put("dead_letters", backlog.deadLetters());
        if (backlog.oldestUndelivered() != null) {
            figures.put("oldest_age_seconds", Duration.between(backlog.oldestUndelivered(), now).toSeconds());
        }
        return new Check("outbox", false, backlog.deadLetters() > 0 ? Check.Status.WARN : Check.Status.UP,
                backlog.deadLetters() > 0 ? backlog.deadLetters() + " dead letter(s) to look at (outbox list)"
                        : backlog.undelivered() + " undelivered", figures);
    }

    private static Check checkpoint(Instant lastCheckpoint, Instant now) {
        if (lastCheckpoint == null) {
            return new Check("checkpoint", false, Check.Status.UP, "no checkpoint signed yet", Map.of());
        }
        return new Check("checkpoint", false, Check.Status.UP, "last checkpoint signed at " + lastCheckpoint,
                Map.of("age_seconds", Duration.between(lastCheckpoint, now).toSeconds()));
    }

    /** A check that changes status is logged once, not at every round. */
    private static void logChanges(Snapshot before, Snapshot after) {
        for (Check check : after.checks()) {
            Check.Status was = before == null ? Check.Status.UP : before.checks().stream()
                    .filter(c -> c.name().equals(check.name())).map(Check::status).findFirst().orElse(Check.Status.UP);
            if (was != check.status()) {
                LOG.atLevel(check.status() == Check.Status.UP ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN)
                        .addKeyValue("check", check.name()).addKeyValue("status", check.status())
                        .log("health: {}", check.detail());
            }
        }
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
