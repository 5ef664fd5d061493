package ma.pmogateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import ma.pmogateway.error.Messages;

/**
 * What a production configuration may not hold: development material (a key store, trust store,
 * certificate or CRL of {@code certs/dev}, found by its path or, copied elsewhere, by the development
 * certificates' fingerprints; the published development password; the built-in development sender
 * registry), the PMO sandbox, the embedded H2 journal (not crash-safe), and plain HTTP beyond the
 * loopback interface.
 *
 * <p>Only what the configuration switches on is judged: TLS stores when TLS is on, the PMO's
 * certificates and address when delivery is on. A store that cannot be opened is left to the start,
 * which names it.
 */
final class ProductionRules {

    /** The password of every store in {@code certs/dev}, published in its README. */
    static final String DEVELOPMENT_PASSWORD = "dev-password";

    /** One rule broken: the key, and what is wrong with its value, in each language. */
    record Violation(String key, Function<Locale, String> what) {
    }

    private final GatewayConfig config;
    private final DevelopmentPki pki;
    private final List<Violation> violations = new ArrayList<>();

    private ProductionRules(GatewayConfig config, DevelopmentPki pki) {
        this.config = config;
        this.pki = pki;
    }

    /** Returns every rule {@code config} breaks, in the order of its keys. */
    static List<Violation> violations(GatewayConfig config) {
        ProductionRules rules = new ProductionRules(config, DevelopmentPki.bundled());
        rules.check();
        return Collections.unmodifiableList(rules.violations);
    }

    private void check() {
        boolean tls = config.bool("server.tls.enabled");
        if (!tls && !isLoopback(config.string("server.host"))) {
            violation("server.host", "http-clair", config.string("server.host"));
        }
        if (tls) {
            store("server.tls.keystore", "server.tls.keystore-password");
            store("server.tls.truststore", "server.tls.truststore-password");
        }
        store("security.keystore", "security.keystore-password");
        store("security.truststore", "security.truststore-password");
        config.list("security.crl-files").forEach(this::crl);
        if (config.string("security.sender-registry").startsWith("classpath:")) {
            violation("security.sender-registry", "dev-registre", config.string("security.sender-registry"));
        }
        if (config.bool("delivery.enabled")) {
            String pmo = config.string("pmo.address");
            if (pmo.isEmpty()) {
                violation("pmo.address", "pmo-vide");
            } else if (pmo.startsWith("http:") && !isLoopback(URI.create(pmo).getHost())) {
                violation("pmo.address", "pmo-http-clair", pmo);
            }
            config.list("pmo.certificates").forEach(file -> certificates("pmo.certificates", Path.of(file)));
        }
        if (config.bool("pmo.sandbox.enabled")) {
            violation("pmo.sandbox.enabled", "bac-a-sable");
        }
        // The H2 file lost acknowledged batches under SIGKILL in the kill campaign (docs/JOURNAL.md).
        if (config.string("database.url").isEmpty() && config.string("database.embedded-engine").equals("h2")) {
            violation("database.embedded-engine", "journal-h2");
        }
    }

    /** The PKCS#12 store named by {@code key}, opened with the password of {@code passwordKey}. */
    private void store(String key, String passwordKey) {
        Path file = config.path(key);
        if (!inDevelopmentFolder(key, file)) {
            String password = config.string(passwordKey);
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                for (String alias : Collections.list(store.aliases())) {
                    Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias)
                            : new Certificate[] {store.getCertificate(alias)};
                    for (Certificate certificate : chain == null ? new Certificate[0] : chain) {
                        developmentCertificate(key, file, certificate);
                    }
                }
            } catch (IOException | GeneralSecurityException unreadable) {
                // Named by the start (KeyMaterial) with its key; nothing to recognise here.
            }
        }
        if (DEVELOPMENT_PASSWORD.equals(config.string(passwordKey))) {
            violation(passwordKey, "dev-mot-de-passe", DEVELOPMENT_PASSWORD);
        }
    }

    /** A file of certificates (PEM or DER) named by {@code key}. */
    private void certificates(String key, Path file) {
        Path absolute = file.toAbsolutePath();
        if (inDevelopmentFolder(key, absolute)) {
            return;
        }
        try (InputStream in = Files.newInputStream(absolute)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                developmentCertificate(key, absolute, certificate);
            }
        } catch (IOException | GeneralSecurityException unreadable) {
            // Named by the start with its key.
        }
    }

    private void crl(String file) {
        Path absolute = Path.of(file).toAbsolutePath();
        if (inDevelopmentFolder("security.crl-files", absolute)) {
            return;
        }
        try (InputStream in = Files.newInputStream(absolute)) {
            CRL crl = CertificateFactory.getInstance("X.509").generateCRL(in);
            if (crl instanceof X509CRL x509 && pki.signed(x509)) {
                violation("security.crl-files", "dev-crl", absolute.toString());
            }
        } catch (IOException | GeneralSecurityException unreadable) {
            // Named by the start with its key.
        }
    }

    private void developmentCertificate(String key, Path file, Certificate certificate) {
        if (certificate instanceof X509Certificate x509 && pki.issued(x509)) {
            violation(key, "dev-certificat", file.toString(), x509.getSubjectX500Principal().getName(),
                    DevelopmentPki.fingerprint(x509));
        }
    }

    /** Returns true (and records it) if {@code file} lies in a {@code certs/dev} folder. */
    private boolean inDevelopmentFolder(String key, Path file) {
        Path normal = file.toAbsolutePath().normalize();
        for (Path parent = normal.getParent(); parent != null && parent.getParent() != null;
                parent = parent.getParent()) {
            if (parent.getFileName().toString().equals("dev")
                    && parent.getParent().getFileName() != null
                    && parent.getParent().getFileName().toString().equals("certs")) {
                violation(key, "dev-chemin", normal.toString());
                return true;
            }
        }
        return false;
    }

    private void violation(String key, String problem, Object... arguments) {
        violations.add(new Violation(key, locale -> Messages.problem("production." + problem, locale, arguments)));
    }

    /**
     * Returns true for a loopback address written literally ({@code 127.x.y.z}, {@code ::1}) or
     * {@code localhost}; no name is resolved.
     */
    static boolean isLoopback(String host) {
        String bare = Optional.ofNullable(host).orElse("").replace("[", "").replace("]", "");
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1")
                || bare.equals("0:0:0:0:0:0:0:1");
    }
}
