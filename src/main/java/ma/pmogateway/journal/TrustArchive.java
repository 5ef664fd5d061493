package ma.pmogateway.journal;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.support.Sha256;

/**
 * The archive of the trust material the gateway verifies signers with (table {@code materiel_confiance}):
 * its trust anchors (the trust store's certificates, intermediate CAs included) and its CRLs, and the
 * certificates it signs with itself, each kept once under the SHA-256 of its DER bytes, with the instant
 * a gateway node first used it.
 *
 * <p>The auditor re-validates a stored request's signer with the material of the day it was received,
 * so nothing is ever deleted. Several nodes may start at once with the same material: the primary key
 * settles the race and the loser's insert is ignored.
 */
public final class TrustArchive {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CERTIFICATE = "CERTIFICAT";
    private static final String CRL = "CRL";
    private static final String GATEWAY = "PASSERELLE";

    private final DataSource dataSource;

    /** Creates the archive of the journal in {@code dataSource}. */
    public TrustArchive(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A piece of archived trust material and the instant it was first used. */
    public record Archived<T>(T material, Instant firstUsed) {
    }

    /**
     * Records that the gateway uses {@code anchors} and {@code crls} from {@code since} on; what is
     * already archived keeps its first use.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be written
     */
    public void keep(List<X509Certificate> anchors, List<X509CRL> crls, Instant since) {
        // Millisecond precision, as recu_le: a request received in the same millisecond sees the material.
        Instant now = since.truncatedTo(ChronoUnit.MILLIS);
        try (Connection connection = dataSource.getConnection()) {
            for (X509Certificate anchor : anchors) {
                keep(connection, CERTIFICATE, anchor.getSubjectX500Principal().getName(),
                        anchor.getIssuerX500Principal().getName(), anchor.getEncoded(), now);
            }
            for (X509CRL crl : crls) {
                keep(connection, CRL, null, crl.getIssuerX500Principal().getName(), crl.getEncoded(), now);
            }
        } catch (SQLException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "materiel_confiance");
        }
    }

    /**
     * Records that the gateway signs with {@code certificate} from {@code since} on (its checkpoints,
     * answers and deliveries); a certificate already archived keeps its first use.
     *
     * @throws GatewayException {@link ErrorCode#ERREUR_INTERNE} if the database cannot be written
     */
    public void keepGatewayCertificate(X509Certificate certificate, Instant since) {
        try (Connection connection = dataSource.getConnection()) {
            keep(connection, GATEWAY, certificate.getSubjectX500Principal().getName(),
                    certificate.getIssuerX500Principal().getName(), certificate.getEncoded(),
                    since.truncatedTo(ChronoUnit.MILLIS));
        } catch (SQLException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "materiel_confiance");
        }
    }

    /** Returns every certificate the gateway has signed with, first used first. */
    public List<Archived<X509Certificate>> gatewayCertificates() {
        return list(GATEWAY, der -> (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der)));
    }

    /** Returns every archived trust anchor, first used first. */
    public List<Archived<X509Certificate>> certificates() {
        return list(CERTIFICATE, der -> (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der)));
    }

    /** Returns every archived CRL, first used first. */
    public List<Archived<X509CRL>> crls() {
        return list(CRL, der -> (X509CRL) factory().generateCRL(new ByteArrayInputStream(der)));
    }

    private static void keep(Connection connection, String nature, String subject, String issuer, byte[] der,
            Instant now) throws SQLException {
        String fingerprint = Sha256.hex(der);
        try (PreparedStatement known = connection.prepareStatement(
                "SELECT 1 FROM materiel_confiance WHERE empreinte = ?")) {
            known.setString(1, fingerprint);
            try (ResultSet row = known.executeQuery()) {
                if (row.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO materiel_confiance (empreinte, nature, sujet, emetteur, der, premiere_utilisation) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, fingerprint);
            insert.setString(2, nature);
            insert.setString(3, subject);
            insert.setString(4, issuer);
            insert.setBytes(5, der);
            insert.setTimestamp(6, Timestamp.from(now));
            insert.executeUpdate();
        } catch (SQLException e) {
            // Another node archived it between our check and our insert: its first use stands.
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    /** Parses archived DER bytes; they were encoded by this class, so a failure is an internal error. */
    private interface Decoder<T> {
        T decode(byte[] der) throws GeneralSecurityException;
    }

    private <T> List<Archived<T>> list(String nature, Decoder<T> decoder) {
        List<Archived<T>> archived = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT der, premiere_utilisation FROM materiel_confiance WHERE nature = ? "
                                + "ORDER BY premiere_utilisation, empreinte")) {
            select.setString(1, nature);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    archived.add(new Archived<>(decoder.decode(row.getBytes(1)), row.getTimestamp(2).toInstant()));
                }
            }
        } catch (SQLException | GeneralSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "materiel_confiance");
        }
        return archived;
    }

    private static CertificateFactory factory() throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509");
    }
}
