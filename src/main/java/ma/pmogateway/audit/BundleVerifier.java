package ma.pmogateway.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.support.Sha256;

/**
 * Checks an evidence bundle offline ({@code audit verify-bundle}): the manifest's signature and who
 * made it, every file's SHA-256 against the manifest, no file left unlisted, and every signed message's
 * WS-Security signature, its signer validated with the bundle's CA certificates and CRLs at the date the
 * manifest gives: the request at {@code recu-le}; the gateway's signed answer, which must confirm the
 * request's signature; the message delivered to the PMO, signed by the gateway; and the PMO's
 * acknowledgement, which must confirm that message's signature.
 *
 * <p>Who may sign the manifest is the auditor's choice, in decreasing strength: a gateway certificate
 * obtained independently ({@link #pinnedTo}), the CA obtained independently ({@link #trustingCa}), or
 * the CA shipped in the bundle ({@link #trustingBundleCa}), which only proves the bundle is internally
 * consistent: anyone holding a certificate of a CA could forge such a bundle with that CA. In every
 * mode the signer must be the bundle's own {@code gateway.crt.pem}.
 */
public final class BundleVerifier {

    private final Optional<X509Certificate> pinnedGateway;
    private final Optional<X509Certificate> trustedCa;

    private BundleVerifier(Optional<X509Certificate> pinnedGateway, Optional<X509Certificate> trustedCa) {
        this.pinnedGateway = pinnedGateway;
        this.trustedCa = trustedCa;
    }

    /** Returns a verifier accepting only manifests signed with {@code gatewayCertificate}'s key. */
    public static BundleVerifier pinnedTo(X509Certificate gatewayCertificate) {
        return new BundleVerifier(Optional.of(gatewayCertificate), Optional.empty());
    }

    /** Returns a verifier accepting manifests signed by a certificate that {@code ca} issued. */
    public static BundleVerifier trustingCa(X509Certificate ca) {
        return new BundleVerifier(Optional.empty(), Optional.of(ca));
    }

    /** Returns a verifier accepting manifests signed by a certificate that a CA in the bundle issued (weakest). */
    public static BundleVerifier trustingBundleCa() {
        return new BundleVerifier(Optional.empty(), Optional.empty());
    }

    /** The outcome: every problem (each naming the file), the manifest's signer, and the files checked. */
    public record Report(List<String> problems, Optional<X509Certificate> signer, List<String> filesChecked) {

        /** Returns true if no problem was found. */
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /**
     * Checks the bundle {@code zip} and returns what was found; problems are reported, not thrown.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the file cannot be read as a zip
     */
    public Report verify(Path zip) {
        List<String> problems = new ArrayList<>();
        Map<String, byte[]> files = read(zip, problems);
        byte[] manifestBytes = files.remove(Manifest.FILE_NAME);
        if (manifestBytes == null) {
            problems.add(Manifest.FILE_NAME + ": missing");
            return new Report(List.copyOf(problems), Optional.empty(), List.of());
        }
        Manifest manifest;
        X509Certificate signer;
        try {
            var document = EnvelopedSignature.parse(manifestBytes);
            signer = EnvelopedSignature.verify(document);
            manifest = Manifest.read(document);
        } catch (VerificationFailure e) {
            problems.add(Manifest.FILE_NAME + ": " + e.getMessage());
            return new Report(List.copyOf(problems), Optional.empty(), List.of());
        }
        List<X509Certificate> bundleCas = parsed(files, EvidenceBundle.CA_SUFFIX, Pem::certificate, problems);
        List<X509CRL> bundleCrls = parsed(files, EvidenceBundle.CRL_SUFFIX, Pem::crl, problems);
        checkSigner(signer, files, bundleCas, problems);
        List<String> checked = checkDigests(manifest, files, problems);
        StoredMessageVerifier messages = new StoredMessageVerifier(TrustHistory.always(bundleCas, bundleCrls));
        checkRequest(files.get(EvidenceBundle.REQUEST), manifest, messages, problems);
        checkAnswer(files, manifest, messages, problems);
        checkDelivery(files, manifest, messages, problems);
        return new Report(List.copyOf(problems), Optional.of(signer), checked);
    }

    /**
     * A signed answer must be the gateway's (the bundle's certificate) and confirm the request's
     * signature. An unsigned one is a fault to a request refused before its sender was verified: the
     * gateway signs nothing for unauthenticated traffic.
     */
    private static void checkAnswer(Map<String, byte[]> files, Manifest manifest, StoredMessageVerifier messages,
            List<String> problems) {
        byte[] answer = files.get(EvidenceBundle.ANSWER);
        try {
            if (answer == null || !StoredMessageVerifier.isSigned(answer)) {
                return;
            }
        } catch (VerificationFailure e) {
            problems.add(EvidenceBundle.ANSWER + ": " + e.getMessage());
            return;
        }
        checkGatewaySigned(EvidenceBundle.ANSWER, answer, files.get(EvidenceBundle.REQUEST), Manifest.ANSWERED_AT,
                files, manifest, messages, problems);
    }

    /** The delivered message is the gateway's; the PMO's acknowledgement confirms it and verifies. */
    private static void checkDelivery(Map<String, byte[]> files, Manifest manifest, StoredMessageVerifier messages,
            List<String> problems) {
        byte[] delivered = files.get(EvidenceBundle.DELIVERED_MESSAGE);
        byte[] acknowledgement = files.get(EvidenceBundle.PMO_ACKNOWLEDGEMENT);
        if (delivered == null || acknowledgement == null) {
            return;
        }
        checkGatewaySigned(EvidenceBundle.DELIVERED_MESSAGE, delivered, null, Manifest.DELIVERED_AT, files, manifest,
                messages, problems);
        try {
            messages.verify(acknowledgement, instant(manifest, Manifest.DELIVERED_AT));
            StoredMessageVerifier.requireConfirmation(acknowledgement, delivered);
        } catch (VerificationFailure e) {
            problems.add(EvidenceBundle.PMO_ACKNOWLEDGEMENT + ": " + e.getMessage());
        }
    }

    /**
     * Checks that {@code name} is signed by the bundle's gateway certificate, valid at the manifest's
     * {@code when}, and, if {@code confirmed} is given, that it confirms that message's signature.
     */
    private static void checkGatewaySigned(String name, byte[] message, byte[] confirmed, String when,
            Map<String, byte[]> files, Manifest manifest, StoredMessageVerifier messages, List<String> problems) {
        try {
            X509Certificate signer = messages.verify(message, instant(manifest, when));
            byte[] gateway = files.get(EvidenceBundle.GATEWAY_CERTIFICATE);
            if (gateway == null || !Pem.certificate(gateway).equals(signer)) {
                problems.add(name + ": signed by " + signer.getSubjectX500Principal().getName() + ", not by the bundle's "
                        + EvidenceBundle.GATEWAY_CERTIFICATE);
            }
            if (confirmed != null) {
                StoredMessageVerifier.requireConfirmation(message, confirmed);
            }
        } catch (VerificationFailure e) {
            problems.add(name + ": " + e.getMessage());
        }
    }

    private static Instant instant(Manifest manifest, String fact) throws VerificationFailure {
        try {
            return Instant.parse(manifest.facts().getOrDefault(fact, ""));
        } catch (DateTimeParseException e) {
            throw new VerificationFailure("the manifest gives no valid " + fact, e);
        }
    }

    private void checkSigner(X509Certificate signer, Map<String, byte[]> files, List<X509Certificate> bundleCas,
            List<String> problems) {
        String who = signer.getSubjectX500Principal().getName() + " (SHA-256 " + fingerprint(signer) + ")";
        try {
            byte[] bundled = files.get(EvidenceBundle.GATEWAY_CERTIFICATE);
            if (bundled == null || !Pem.certificate(bundled).equals(signer)) {
                problems.add(Manifest.FILE_NAME + ": signed by " + who + ", not by the bundle's "
                        + EvidenceBundle.GATEWAY_CERTIFICATE);
            }
        } catch (VerificationFailure e) {
            problems.add(EvidenceBundle.GATEWAY_CERTIFICATE + ": " + e.getMessage());
        }
        if (pinnedGateway.isPresent()) {
            if (!pinnedGateway.get().equals(signer)) {
                problems.add(Manifest.FILE_NAME + ": signed by " + who + ", not by the trusted gateway certificate");
            }
        } else if (trustedCa.map(ca -> !TrustHistory.issued(ca, signer))
                .orElseGet(() -> bundleCas.stream().noneMatch(ca -> TrustHistory.issued(ca, signer)))) {
            problems.add(Manifest.FILE_NAME + ": signer " + who + " was not issued by the "
                    + (trustedCa.isPresent() ? "trusted CA" : "bundle's CA"));
        }
    }

    private static List<String> checkDigests(Manifest manifest, Map<String, byte[]> files, List<String> problems) {
        List<String> checked = new ArrayList<>();
        for (Manifest.Entry entry : manifest.entries()) {
            byte[] bytes = files.get(entry.name());
            if (bytes == null) {
                problems.add(entry.name() + ": listed in the manifest but missing from the bundle");
            } else if (!Sha256.hex(bytes).equals(entry.sha256())) {
                problems.add(entry.name() + ": SHA-256 differs from the manifest (file altered)");
            } else {
                checked.add(entry.name());
            }
        }
        for (String name : files.keySet()) {
            if (manifest.entries().stream().noneMatch(e -> e.name().equals(name))) {
                problems.add(name + ": not listed in the manifest");
            }
        }
        return checked;
    }

    /**
     * Verifies the request's signature, its signer checked with the bundle's CAs and CRLs when it was
     * received. A refused request proves nothing of its sender (it may be unsigned, or badly signed:
     * that may be why it was refused), so only the requests the gateway answered are checked.
     */
    private static void checkRequest(byte[] request, Manifest manifest, StoredMessageVerifier messages,
            List<String> problems) {
        if (request == null || "REJETE".equals(manifest.facts().get("verdict"))) {
            return;
        }
        try {
            messages.verify(request, instant(manifest, Manifest.RECEIVED_AT));
        } catch (VerificationFailure e) {
            problems.add(EvidenceBundle.REQUEST + ": " + e.getMessage());
        }
    }

    /** Reads the bundle's CA files ending with {@code suffix}, naming each unreadable one. */
    private static <T> List<T> parsed(Map<String, byte[]> files, String suffix, PemReader<T> reader,
            List<String> problems) {
        List<T> parsed = new ArrayList<>();
        files.forEach((name, bytes) -> {
            if (name.startsWith(EvidenceBundle.CA_PREFIX) && name.endsWith(suffix)) {
                try {
                    parsed.add(reader.read(bytes));
                } catch (VerificationFailure e) {
                    problems.add(name + ": " + e.getMessage());
                }
            }
        });
        return parsed;
    }

    private interface PemReader<T> {
        T read(byte[] pem) throws VerificationFailure;
    }


    /** Returns the SHA-256 fingerprint (lower-case hex) of {@code certificate}'s encoding, as auditors compare it. */
    public static String fingerprint(X509Certificate certificate) {
        return Sha256.hex(encoded(certificate));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "certificate encoding");
        }
    }

    /** Reads the zip's files; a name that occurs twice is a problem (a tool might show the other copy). */
    private static Map<String, byte[]> read(Path zip, List<String> problems) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (!entry.isDirectory() && files.put(entry.getName(), entries.readAllBytes()) != null) {
                    problems.add(entry.getName() + ": occurs twice in the bundle");
                }
            }
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, zip);
        }
        return files;
    }
}
