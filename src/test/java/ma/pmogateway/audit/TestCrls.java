package ma.pmogateway.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import ma.pmogateway.it.Identities;

/**
 * CRLs of the development CA dated as a test needs them, issued with openssl and the CA's key
 * (certs/dev/ca.key.pem): the development PKI has a single CRL, issued when it was generated.
 */
final class TestCrls {

    private static final DateTimeFormatter OPENSSL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private TestCrls() {
    }

    /** Returns a CRL issued at {@code thisUpdate} that lists {@code identity} as revoked on {@code revokedOn}. */
    static X509CRL revoking(String identity, Instant revokedOn, Instant thisUpdate, Path dir) throws Exception {
        X509Certificate revoked = Identities.of(identity).certificate();
        String serial = revoked.getSerialNumber().toString(16).toUpperCase();
        Files.writeString(dir.resolve("index.txt"), String.join("\t", "R",
                INDEX_TIME.format(revoked.getNotAfter().toInstant()), INDEX_TIME.format(revokedOn) + ",keyCompromise",
                serial.length() % 2 == 0 ? serial : "0" + serial, "unknown", "/CN=" + identity) + "\n");
        Files.writeString(dir.resolve("crlnumber"), "10\n");
        Path config = Files.writeString(dir.resolve("ca.cnf"),
                "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\n");
        ProcessBuilder openssl = new ProcessBuilder("openssl", "ca", "-batch", "-gencrl", "-config", config.toString(),
                "-keyfile", Identities.DEV.resolve("ca.key.pem").toAbsolutePath().toString(),
                "-cert", Identities.DEV.resolve("ca.crt.pem").toAbsolutePath().toString(),
                "-crl_lastupdate", OPENSSL_TIME.format(thisUpdate),
                "-crl_nextupdate", OPENSSL_TIME.format(revoked.getNotAfter().toInstant()), "-out", "test.crl.pem")
                .directory(dir.toFile()).redirectErrorStream(true);
        openssl.environment().put("OPENSSL_CONF", config.toString());
        Process process = openssl.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("openssl ca -gencrl failed: " + output);
        }
        return Pem.crl(Files.readAllBytes(dir.resolve("test.crl.pem")));
    }
}
