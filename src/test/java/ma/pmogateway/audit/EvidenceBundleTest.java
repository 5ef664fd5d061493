package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/** An evidence bundle verifies as written, and every kind of alteration is detected and named. */
class EvidenceBundleTest {

    private static final KeyMaterial GATEWAY = Identities.of("gateway");

    @TempDir
    Path dir;

    private final TestJournal journal = TestJournal.create();

    @AfterEach
    void close() {
        journal.close();
    }

    private Path export() throws Exception {
        journal.trustDevelopmentPkiSince(Instant.now().minus(Duration.ofDays(1)));
        return export(journal.recordRejected(SignedRequests.signed("ao-cs", true)));
    }

    private Path export(String id) {
        Path zip = dir.resolve("preuve.zip");
        new EvidenceBundle(journal.database().dataSource(), GATEWAY, "1.0.0;sha256=x", "x", Clock.systemUTC())
                .export(id, zip);
        return zip;
    }

    private static List<String> problems(Path zip) {
        return BundleVerifier.pinnedTo(GATEWAY.certificate()).verify(zip).problems();
    }

    @Test
    void verifiesTheBundleAsWritten() throws Exception {
        Path zip = export();

        BundleVerifier.Report report = BundleVerifier.pinnedTo(GATEWAY.certificate()).verify(zip);

        assertTrue(report.intact(), report.problems().toString());
        assertEquals(List.of("requete.xml", "gateway.crt.pem", "ca.crt.pem", "ca.crl.pem"), report.filesChecked());
    }

    @Test
    void bundlesTheTrustMaterialOfTheExchangeDateAndChecksTheSignerAtThatDate() throws Exception {
        Instant receivedAt = Identities.of("bad-expired").certificate().getNotBefore().toInstant().plus(Duration.ofDays(30));
        journal.trustDevelopmentPkiSince(receivedAt.minus(Duration.ofDays(1)));
        X509Certificate laterCa = Pem.certificate(Files.readAllBytes(Identities.DEV.resolve("rogue-ca.crt.pem")));
        journal.trustArchive().keep(List.of(laterCa), List.of(), receivedAt.plus(Duration.ofDays(1)));
        Path zip = export(journal.recordAccepted(SignedRequests.signed("bad-expired", true), receivedAt));

        BundleVerifier.Report report = BundleVerifier.pinnedTo(GATEWAY.certificate()).verify(zip);

        assertTrue(report.intact(), report.problems().toString());
        // The development CRL was issued years later: none was known at that date.
        assertEquals(List.of("requete.xml", "document-pmo.xml", "gateway.crt.pem", "ca.crt.pem"), report.filesChecked());
    }

    @Test
    void namesTheFileWhoseBytesChanged() throws Exception {
        Path zip = export();
        rewrite(zip, files -> {
            files.put("requete.xml", new String(files.get("requete.xml"), StandardCharsets.UTF_8)
                    .replace(">contenu<", ">contenU<").getBytes(StandardCharsets.UTF_8));
            return files;
        });

        List<String> problems = problems(zip);

        assertTrue(problems.contains("requete.xml: SHA-256 differs from the manifest (file altered)"), problems.toString());
    }

    @Test
    void refusesAManifestReSignedWithAnotherKey() throws Exception {
        Path zip = export();
        KeyMaterial other = Identities.of("ao-cs");
        rewrite(zip, files -> {
            files.put(Manifest.FILE_NAME, reSigned(files.get(Manifest.FILE_NAME), other));
            return files;
        });

        List<String> pinned = problems(zip);
        List<String> bundleCa = BundleVerifier.trustingBundleCa().verify(zip).problems();

        assertTrue(pinned.stream().anyMatch(p -> p.contains("CN=AO-CS") && p.contains("not by the trusted gateway")),
                pinned.toString());
        assertTrue(bundleCa.stream().anyMatch(p -> p.contains("not by the bundle's gateway.crt.pem")), bundleCa.toString());
    }

    @Test
    void namesAFileAddedWithoutBeingListed() throws Exception {
        Path zip = export();
        rewrite(zip, files -> {
            files.put("document-pmo.xml", "<faux/>".getBytes(StandardCharsets.UTF_8));
            return files;
        });

        assertEquals(List.of("document-pmo.xml: not listed in the manifest"), problems(zip));
    }

    /** Returns {@code manifest} with its signature replaced by one of {@code signer}. */
    static byte[] reSigned(byte[] manifest, KeyMaterial signer) {
        try {
            var document = EnvelopedSignature.parse(manifest);
            var root = document.getDocumentElement();
            root.removeChild(root.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature").item(0));
            EnvelopedSignature.sign(document, signer.privateKey(), signer.certificate());
            return EnvelopedSignature.serialise(document);
        } catch (VerificationFailure e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites the zip's entries through {@code change}, keeping their order. */
    static void rewrite(Path zip, UnaryOperator<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                files.put(entry.getName(), entries.readAllBytes());
            }
        }
        Map<String, byte[]> changed = change.apply(files);
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : changed.entrySet()) {
                entries.putNextEntry(new ZipEntry(file.getKey()));
                entries.write(file.getValue());
                entries.closeEntry();
            }
        }
    }
}
