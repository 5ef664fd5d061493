package ma.pmogateway.audit;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import ma.pmogateway.journal.TrustArchive;

/**
 * The certificates the gateway may have signed its checkpoints and deliveries with: the one the auditor
 * names as the gateway's today, and the earlier ones the gateway archived at its starts, so that what was
 * signed before a key rotation still verifies.
 *
 * <p>An archived certificate counts only if it carries the same subject as today's and was issued by an
 * archived trust anchor: a certificate slipped into the archive by someone with database access but not
 * the CA's key does not make their own signatures pass as the gateway's.
 */
final class GatewaySigners implements Predicate<X509Certificate> {

    private final List<X509Certificate> certificates;

    private GatewaySigners(List<X509Certificate> certificates) {
        this.certificates = certificates;
    }

    /** Returns {@code current} and the renewals of it that {@code archive} holds. */
    static GatewaySigners of(X509Certificate current, TrustArchive archive) {
        List<X509Certificate> anchors = archive.certificates().stream().map(TrustArchive.Archived::material).toList();
        List<X509Certificate> accepted = new ArrayList<>(List.of(current));
        for (TrustArchive.Archived<X509Certificate> earlier : archive.gatewayCertificates()) {
            X509Certificate certificate = earlier.material();
            if (!accepted.contains(certificate)
                    && certificate.getSubjectX500Principal().equals(current.getSubjectX500Principal())
                    && anchors.stream().anyMatch(anchor -> TrustHistory.issued(anchor, certificate))) {
                accepted.add(certificate);
            }
        }
        return new GatewaySigners(List.copyOf(accepted));
    }

    /** Returns true if {@code signer} is one of the gateway's certificates. */
    @Override
    public boolean test(X509Certificate signer) {
        return certificates.contains(signer);
    }

}
