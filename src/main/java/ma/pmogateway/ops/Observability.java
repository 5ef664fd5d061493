package ma.pmogateway.ops;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Server;

import ma.pmogateway.delivery.DeliveryObserver;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.ops.health.Check;
import ma.pmogateway.ops.health.HealthMonitor;

/**
 * The meters of one gateway, exposed in the Prometheus text format at {@code /metrics}: the message
 * path ({@link #steps()}, {@link #exchanges()}), deliveries ({@link #deliveries()}), the outbox and
 * checkpoints and health (from the background checks, never read on a scrape), the time left to every
 * certificate and CRL, and the JVM and Jetty. One per gateway, so that two gateways in one JVM (tests)
 * keep their figures apart.
 */
public final class Observability implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final StepTimer steps;
    private final ExchangeLog exchanges;
    private final DeliveryLog deliveries;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public Observability(Clock clock) {
        this.clock = clock;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.steps = new StepTimer(registry);
        this.exchanges = new ExchangeLog(registry);
        this.deliveries = new DeliveryLog(registry);
    }

    /** Returns the per-step latency histograms of the message path. */
    public StepTimer steps() {
        return steps;
    }

    /** Returns the exchange log and request meters. */
    public ExchangeLog exchanges() {
        return exchanges;
    }

    /** Returns the delivery log and meters, for the delivery worker. */
    public DeliveryObserver deliveries() {
        return deliveries;
    }

    /** Returns the registry, for meters of other parts. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Adds one gauge per certificate: the seconds until it expires
     * ({@code pmogateway_certificate_remaining_seconds{role, subject}}), negative once expired.
     *
     * @param role what the certificate is to the gateway ({@code gateway}, {@code trusted-ca}, {@code pmo})
     */
    public void certificates(String role, List<X509Certificate> certificates) {
        for (X509Certificate certificate : certificates) {
            Instant end = certificate.getNotAfter().toInstant();
            Gauge.builder("pmogateway.certificate.remaining", () -> secondsUntil(end)).baseUnit("seconds")
                    .description("Time until the certificate expires (negative: expired)")
                    .tags(Tags.of("role", role, "subject", certificate.getSubjectX500Principal().getName()))
                    .register(registry);
        }
    }

    /** Adds one gauge per CRL: the seconds until its nextUpdate, negative once stale. */
    public void crls(List<X509CRL> crls) {
        for (X509CRL crl : crls) {
            if (crl.getNextUpdate() == null) {
                continue;
            }
            Instant next = crl.getNextUpdate().toInstant();
            Gauge.builder("pmogateway.crl.next.update.remaining", () -> secondsUntil(next)).baseUnit("seconds")
                    .description("Time until the CRL's nextUpdate (negative: stale, requests fail closed)")
                    .tags(Tags.of("issuer", crl.getIssuerX500Principal().getName()))
                    .register(registry);
        }
    }

    /** Adds the gauges read from the health checks' last round: readiness, each check, outbox, checkpoints. */
    public void health(HealthMonitor health) {
        Gauge.builder("pmogateway.ready", () -> health.ready() ? 1 : 0)
                .description("1 when the node takes traffic (/health/ready answers 200)").register(registry);
        Gauge.builder("pmogateway.maintenance", () -> health.inMaintenance() ? 1 : 0)
                .description("1 while the maintenance file exists").register(registry);
        for (String check : List.of("database", "signing-key", "crl", "pmo")) {
            Gauge.builder("pmogateway.health.check", () -> health.snapshot()
                            .flatMap(s -> s.checks().stream().filter(c -> c.name().equals(check)).findFirst())
                            .map(c -> c.status() == Check.Status.DOWN ? 0 : 1).orElse(0))
                    .description("1 when the check passed at its last round (WARN included), else 0")
                    .tag("check", check).register(registry);
        }
        backlog(health, "pmogateway.outbox.undelivered", "Entries not yet delivered to the PMO",
                b -> (double) b.undelivered(), null);
        backlog(health, "pmogateway.outbox.dead.letters", "Entries the worker gave up on (outbox retry)",
                b -> (double) b.deadLetters(), null);
        backlog(health, "pmogateway.outbox.oldest.age", "Age of the oldest undelivered entry (0 when none)",
                b -> b.oldestUndelivered() == null ? 0 : -secondsUntil(b.oldestUndelivered()), "seconds");
        Gauge.builder("pmogateway.checkpoint.age", () -> health.snapshot()
                        .map(HealthMonitor.Snapshot::lastCheckpoint).map(at -> -secondsUntil(at)).orElse(Double.NaN))
                .baseUnit("seconds").description("Age of the last signed checkpoint of the journal's chain")
                .register(registry);
    }

    private void backlog(HealthMonitor health, String name, String description,
            Function<Outbox.Backlog, Double> value, String unit) {
        Gauge.builder(name, () -> health.snapshot().map(HealthMonitor.Snapshot::backlog).map(value)
                        .orElse(Double.NaN))
                .baseUnit(unit).description(description).register(registry);
    }

    /** Adds the meters of the Jetty server: connections, bytes, its thread pool. */
    public void jetty(Server server, String name) {
        JettyConnectionMetrics.addToAllConnectors(server, registry, Tags.of("server", name));
        new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.of("server", name)).bindTo(registry);
    }

    /** Returns every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    private double secondsUntil(Instant instant) {
        return Duration.between(clock.instant(), instant).toMillis() / 1000.0;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
