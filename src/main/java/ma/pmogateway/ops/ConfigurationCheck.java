package ma.pmogateway.ops;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.SchemaInspection;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.security.RegistryVocabulary;
import ma.pmogateway.security.SenderRegistry;

/**
 * {@code serve --check}: everything a start would need, checked without serving and without side
 * effect (no database or data directory created, no port bound, nothing migrated): the files and
 * the production rules, the keys and passwords, the certificates and CRLs with their remaining days,
 * the sender registry, the journal reachable and its schema, the PMO reachable. Prints one line per
 * finding; problems make the exit code 2.
 */
public final class ConfigurationCheck {

    /** A CRL or certificate this close to its end is worth a line of warning. */
    private static final Duration NEAR_END = Duration.ofDays(30);

    private final GatewayConfig config;
    private final boolean production;
    private final Clock clock;
    private final List<String> lines = new ArrayList<>();
    private int problems;

    public ConfigurationCheck(GatewayConfig config, boolean production, Clock clock) {
        this.config = config;
        this.production = production;
        this.clock = clock;
    }

    /** Runs every check, prints the report to {@code out} and returns the exit code: 0 fit, 2 problems. */
    public int run(PrintWriter out) {
        out.println("pmo-gateway serve --check (" + (production ? "production" : "development") + ")");
        if (attempt("files", () -> {
            config.requireFiles();
            return "every file the configuration names is readable";
        }) && production) {
            attempt("production", () -> {
                config.requireProduction();
                return "no development material, no sandbox, no plain HTTP beyond loopback";
            });
        }
        Instant now = clock.instant();
        KeyMaterial identity = value(() -> KeyMaterial.gateway(config), "keys");
        if (identity != null) {
            ok("keys", "key store and trust store open with their passwords; signing key \"" + identity.alias()
                    + "\"");
            certificate("gateway certificate", identity.certificate(), now);
            identity.trustAnchors().forEach(ca -> certificate("trusted CA", ca, now));
            identity.crls().forEach(crl -> crl(crl, now));
        }
        if (config.bool("delivery.enabled")) {
            for (String file : config.list("pmo.certificates")) {
                X509Certificate pmo = value(() -> KeyMaterial.readCertificate(Path.of(file)), "pmo.certificates");
                if (pmo != null) {
                    certificate("PMO certificate", pmo, now);
                }
            }
        }
        attempt("security.sender-registry", () -> {
            SenderRegistry.load(config.string("security.sender-registry"), RegistryVocabulary.of(SuiviProjets.class));
            return "sender registry consistent (" + config.string("security.sender-registry") + ")";
        });
        if (config.bool("pmo.sandbox.enabled")) {
            attempt("pmo.sandbox.callers", () -> {
                SenderRegistry.load(config.string("pmo.sandbox.callers"), RegistryVocabulary.of(Depot.class));
                return "PMO sandbox callers consistent";
            });
        }
        journal();
        pmo();
        lines.forEach(out::println);
        out.println(problems == 0 ? "OK: prête à servir / ready to serve"
                : problems + " problème(s) / problem(s)");
        out.flush();
        return problems == 0 ? 0 : 2;
    }

    private void certificate(String what, X509Certificate certificate, Instant now) {
        long days = Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
        String text = what + " " + certificate.getSubjectX500Principal().getName() + ": valid until "
                + certificate.getNotAfter().toInstant() + " (" + days + " day(s) left)";
        if (now.isAfter(certificate.getNotAfter().toInstant()) || now.isBefore(certificate.getNotBefore().toInstant())) {
            problem("certificate", text.replace("valid until", "NOT VALID NOW, until"));
        } else if (days < NEAR_END.toDays()) {
            warn("certificate", text);
        } else {
            ok("certificate", text);
        }
    }

    private void crl(X509CRL crl, Instant now) {
        if (crl.getNextUpdate() == null) {
            warn("security.crl-files", "CRL of " + crl.getIssuerX500Principal().getName() + " has no nextUpdate");
            return;
        }
        Duration left = Duration.between(now, crl.getNextUpdate().toInstant());
        String text = "CRL of " + crl.getIssuerX500Principal().getName() + ": next update "
                + crl.getNextUpdate().toInstant() + " (" + left.toDays() + " day(s) left)";
        if (left.isNegative()) {
            problem("security.crl-files", text + ": STALE, every request would fail closed");
        } else if (left.compareTo(Duration.ofDays(1)) < 0) {
            warn("security.crl-files", text);
        } else {
            ok("security.crl-files", text);
        }
    }

    /**
     * The journal reachable and its schema read, never created nor migrated: an embedded journal is
     * opened only if it exists; Flyway only reads its history.
     */
    private void journal() {
        String key = config.string("database.url").isEmpty() ? "database.embedded-engine" : "database.url";
        try {
            SchemaInspection journal = SchemaInspection.of(config);
            String schema = journal.version() == null ? "empty" : "at version " + journal.version();
            if (!journal.exists()) {
                ok("database", "no embedded journal yet at " + journal.where() + ": serve creates and migrates it");
            } else if (journal.failed()) {
                problem(key, journal.where() + ": migration " + journal.version() + " failed");
            } else if (journal.newer()) {
                problem(key, journal.where() + ": schema " + schema + " is newer than this version of the gateway "
                        + "(an upgrade is not undone: restore the backup taken before it)");
            } else if (journal.pending() > 0) {
                warn(key, journal.where() + " reachable, schema " + schema + ", " + journal.pending()
                        + " migration(s) pending: serve applies them (docs/OPERATIONS.md, upgrade)");
            } else {
                ok(key, journal.where() + " reachable, schema " + schema + ", up to date");
            }
        } catch (RuntimeException e) {
            problem(key, "the journal is not usable: " + rootMessage(e));
        }
    }

    /** The PMO's address reachable: a TCP connection within health.timeout-ms, nothing sent. */
    private void pmo() {
        if (!config.bool("delivery.enabled")) {
            ok("delivery.enabled", "delivery off: the PMO is not contacted");
            return;
        }
        String address = config.string("pmo.address");
        if (address.isEmpty()) {
            ok("pmo.address", "empty: deliveries go to this gateway's own PMO sandbox");
            return;
        }
        URI uri = URI.create(address);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) config.millis("health.timeout-ms").toMillis());
            ok("pmo.address", uri.getHost() + ":" + port + " reachable");
        } catch (IOException e) {
            problem("pmo.address", uri.getHost() + ":" + port + " out of reach within "
                    + config.millis("health.timeout-ms").toMillis() + " ms: " + e.getMessage());
        }
    }

    private boolean attempt(String what, Supplier<String> check) {
        String done = value(check, what);
        if (done != null) {
            ok(what, done);
        }
        return done != null;
    }

    private <T> T value(Supplier<T> check, String what) {
        try {
            return check.get();
        } catch (GatewayException e) {
            problem(what, e.bilingualText().replace("\n", "\n       ")
                    + (e.getCause() == null ? "" : "\n       cause: " + rootMessage(e)));
            return null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private void ok(String key, String text) {
        lines.add("  [OK]      " + key + ": " + text);
    }

    private void warn(String key, String text) {
        lines.add("  [ATTENTION/WARNING] " + key + ": " + text);
    }

    private void problem(String key, String text) {
        problems++;
        lines.add("  [PROBLÈME/PROBLEM] " + key + ": " + text);
    }
}
