package ma.pmogateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The development PKI of {@code certs/dev} as the build bundles it ({@code dev-pki/}, certificates
 * only): what a production start must not run on, recognised by fingerprint wherever its files were
 * copied, and its CRLs by the development CAs' signature.
 */
final class DevelopmentPki {

    private static final String FOLDER = "dev-pki";
    private static final String SUFFIX = ".crt.pem";

    private static final DevelopmentPki BUNDLED = read();

    private final Set<String> fingerprints;
    private final List<X509Certificate> certificates;

    private DevelopmentPki(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
        this.fingerprints = certificates.stream().map(DevelopmentPki::fingerprint).collect(Collectors.toUnmodifiableSet());
    }

    static DevelopmentPki bundled() {
        return BUNDLED;
    }

    /** Returns true if {@code certificate} is one of the development PKI's. */
    boolean issued(X509Certificate certificate) {
        return fingerprints.contains(fingerprint(certificate));
    }

    /** Returns true if {@code crl} is signed by one of the development PKI's certificates. */
    boolean signed(X509CRL crl) {
        for (X509Certificate certificate : certificates) {
            if (certificate.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(certificate.getPublicKey());
                    return true;
                } catch (GeneralSecurityException notThisOne) {
                    // Same name, another key: not the development CA.
                }
            }
        }
        return false;
    }

    /** Returns the SHA-256 of {@code certificate}'s DER encoding, in upper-case hex. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static DevelopmentPki read() {
        URL folder = DevelopmentPki.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException(FOLDER + " missing from the build");
        }
        try {
            URI uri = folder.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = jarFileSystem(uri)) {
                    return new DevelopmentPki(certificatesIn(jar.provider().getPath(uri)));
                }
            }
            return new DevelopmentPki(certificatesIn(Path.of(uri)));
        } catch (IOException | URISyntaxException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the bundled development PKI", e);
        }
    }

    private static FileSystem jarFileSystem(URI uri) throws IOException {
        try {
            return FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            throw new IllegalStateException("the gateway's jar is already open as a file system", e);
        }
    }

    private static List<X509Certificate> certificatesIn(Path folder) throws IOException, GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    certificates.add((X509Certificate) factory.generateCertificate(in));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalStateException(FOLDER + " holds no certificate");
        }
        return certificates;
    }
}
