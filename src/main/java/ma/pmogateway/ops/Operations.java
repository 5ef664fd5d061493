package ma.pmogateway.ops;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.nio.file.Path;
import java.util.List;

import javax.sql.DataSource;

import org.eclipse.jetty.server.Server;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.ops.health.HealthMonitor;
import ma.pmogateway.security.KeyMaterial;

/**
 * What a running gateway offers its operator: the background health checks, the meters of its keys,
 * CRLs, outbox and Jetty, and the operator's port that serves them ({@link AdminServer}).
 */
public final class Operations implements AutoCloseable {

    private final HealthMonitor health;
    private final AdminServer admin;
    private final Observability observability;
    private final String host;

    private Operations(HealthMonitor health, AdminServer admin, Observability observability, String host) {
        this.health = health;
        this.admin = admin;
        this.observability = observability;
        this.host = host;
    }

    /**
     * Starts the health checks and the operator's port of a gateway whose journal is {@code journal},
     * identity {@code identity}, PMO {@code pmo} (null when delivery is off), and SOAP server {@code jetty}.
     */
    public static Operations start(GatewayConfig config, DataSource journal, KeyMaterial identity, URI pmo,
            Observability observability, Server jetty) {
        List<X509Certificate> pmoCertificates = config.bool("delivery.enabled")
                ? config.list("pmo.certificates").stream().map(Path::of).map(KeyMaterial::readCertificate).toList()
                : List.of();
        observability.certificates("gateway", List.of(identity.certificate()));
        observability.certificates("trusted-ca", identity.trustAnchors());
        observability.certificates("pmo", pmoCertificates);
        observability.crls(identity.crls());
        observability.jetty(jetty, "soap");
        HealthMonitor health = new HealthMonitor(new HealthMonitor.Sources(journal, identity.certificate(),
                identity.crls(), pmo, config.path("admin.maintenance-file")), config.seconds("health.interval-seconds"),
                config.millis("health.timeout-ms"), Clock.systemUTC()).start();
        observability.health(health);
        try {
            AdminServer admin = AdminServer.start(config.string("admin.host"), config.integer("admin.port"), health,
                    observability);
            return new Operations(health, admin, observability, config.string("admin.host"));
        } catch (RuntimeException e) {
            health.close();
            throw e;
        }
    }

    /** Returns {@code http://host:port} of the operator's port. */
    public String address() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + admin.port();
    }

    @Override
    public void close() {
        admin.close();
        health.close();
        observability.close();
    }
}
