package ma.pmogateway.audit;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.TrustArchive;
import ma.pmogateway.journal.TrustArchive.Archived;
import ma.pmogateway.security.CertificatePolicy;

/**
 * The trust material as it stood over time: which trust anchors were in use from when, and the CRLs
 * their CAs issued. A stored request's signer is validated as it was when the request was received
 * (PKIX path validation at that date, against the anchors then in use and the CRLs then issued), so
 * that neither a certificate expired since, nor a CA dropped from today's trust store, nor a
 * revocation after the fact turns an authentic old record into a problem.
 */
public final class TrustHistory {

    private final List<Archived<X509Certificate>> anchors;
    private final List<X509CRL> crls;

    private TrustHistory(List<Archived<X509Certificate>> anchors, List<X509CRL> crls) {
        this.anchors = anchors;
        this.crls = crls;
    }

    /** Returns the history the gateway recorded in {@code archive}. */
    public static TrustHistory of(TrustArchive archive) {
        return new TrustHistory(archive.certificates(), archive.crls().stream().map(Archived::material).toList());
    }

    /** Returns a history in which {@code anchors} were always in use (an evidence bundle's, chosen for its exchange). */
    static TrustHistory always(List<X509Certificate> anchors, List<X509CRL> crls) {
        return new TrustHistory(anchors.stream().map(anchor -> new Archived<>(anchor, Instant.MIN)).toList(), crls);
    }

    /** Returns the trust anchors in use at {@code instant}. */
    List<X509Certificate> anchorsAt(Instant instant) {
        return anchors.stream().filter(anchor -> !anchor.firstUsed().isAfter(instant)).map(Archived::material).toList();
    }

    /** Returns, for each CA, the latest CRL it had issued at {@code instant}. */
    List<X509CRL> crlsAt(Instant instant) {
        BinaryOperator<X509CRL> latest = BinaryOperator.maxBy(Comparator.comparing(X509CRL::getThisUpdate));
        return List.copyOf(crls.stream().filter(crl -> !crl.getThisUpdate().toInstant().isAfter(instant))
                .collect(Collectors.toMap(X509CRL::getIssuerX500Principal, crl -> crl, latest)).values());
    }

    /**
     * Checks that {@code signer} could sign for the gateway at {@code receivedAt}: the gateway's
     * certificate policy, a path to a trust anchor then in use, valid at that date, and not revoked
     * before it according to its CA's latest CRL of that date (if the archive holds one).
     *
     * @throws VerificationFailure naming what was wrong at that date
     */
    void validate(X509Certificate signer, Instant receivedAt) throws VerificationFailure {
        String who = "signer certificate " + signer.getSubjectX500Principal().getName();
        Optional<String> violation = CertificatePolicy.violation(signer);
        if (violation.isPresent()) {
            throw new VerificationFailure(who + ": " + violation.get(), null);
        }
        List<X509Certificate> anchorsThen = anchorsAt(receivedAt);
        if (anchorsThen.isEmpty()) {
            throw new VerificationFailure("no trust anchor known at reception (" + receivedAt
                    + "): none of the archived trust material was in use by then", null);
        }
        List<X509CRL> crlsThen = crlsAt(receivedAt);
        try {
            PKIXParameters parameters = new PKIXParameters(anchorsThen.stream()
                    .map(anchor -> new TrustAnchor(anchor, null)).collect(Collectors.toSet()));
            parameters.setDate(Date.from(receivedAt));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crlsThen)));
            // Without a CRL of its CA the status is unknown, not revoked: the gateway could not know better either.
            parameters.setRevocationEnabled(crlsThen.stream()
                    .anyMatch(crl -> crl.getIssuerX500Principal().equals(signer.getIssuerX500Principal())));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(signer)), parameters);
        } catch (CertPathValidatorException e) {
            throw new VerificationFailure(why(e, who, signer, receivedAt), e);
        } catch (GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "PKIX validation");
        }
    }

    private static String why(CertPathValidatorException e, String who, X509Certificate signer, Instant receivedAt) {
        String atReception = "its request was received (" + receivedAt + ")";
        if (e.getReason() == BasicReason.EXPIRED) {
            return who + " had expired on " + signer.getNotAfter().toInstant() + ", before " + atReception;
        } else if (e.getReason() == BasicReason.NOT_YET_VALID) {
            return who + " was not yet valid when " + atReception + ": valid from " + signer.getNotBefore().toInstant();
        } else if (e.getReason() == BasicReason.REVOKED && e.getCause() instanceof CertificateRevokedException revoked) {
            return who + " was revoked on " + revoked.getRevocationDate().toInstant() + " ("
                    + revoked.getRevocationReason() + "), before " + atReception;
        } else if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return who + " was issued by " + signer.getIssuerX500Principal().getName()
                    + ", not by a trust anchor in use when " + atReception;
        }
        return who + " does not validate as of when " + atReception + ": " + e.getMessage();
    }

    /** Returns true if {@code ca} issued {@code certificate}: its name as issuer and its key's signature. */
    static boolean issued(X509Certificate ca, X509Certificate certificate) {
        try {
            certificate.verify(ca.getPublicKey());
            return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
