package ma.pmogateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.w3c.dom.Document;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.AuditTrail;
import ma.pmogateway.journal.TrustArchive;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.support.Sha256;

/**
 * Writes the evidence bundle of one exchange ({@code audit export}): a zip holding the request exactly
 * as received, the answer exactly as sent (the signed receipt, report or fault), for an accepted batch
 * the PMO document, the signed message delivered to the PMO and its signed acknowledgement as received
 * (once delivered), the gateway certificate, the CA certificates and CRLs in use when the exchange was
 * received (PEM, from the journal's trust archive), and {@code manifest.xml}, which lists every file
 * with its SHA-256, names the rule, stylesheet and code-list versions the record was handled with, and
 * is signed by the gateway (enveloped XML Signature, RSA-SHA256).
 *
 * <p>The bundle is checked offline by {@link BundleVerifier} or with standard tools (docs/AUDIT.md).
 */
public final class EvidenceBundle {

    /** Name of the stored request in the bundle. */
    static final String REQUEST = "requete.xml";
    /** Name of the gateway certificate in the bundle. */
    static final String GATEWAY_CERTIFICATE = "gateway.crt.pem";
    /** Prefix of the CA certificates in the bundle ({@code ca.crt.pem}, {@code ca-2.crt.pem}, …). */
    static final String CA_PREFIX = "ca";
    /** Suffix of the CA certificates in the bundle. */
    static final String CA_SUFFIX = ".crt.pem";
    /** Suffix of the CRLs in the bundle ({@code ca.crl.pem}, {@code ca-2.crl.pem}, …). */
    static final String CRL_SUFFIX = ".crl.pem";
    /** Name of the answer the gateway sent, exactly as sent. */
    static final String ANSWER = "reponse.xml";
    /** Name of the PMO document the transformation produced. */
    static final String PMO_DOCUMENT = "document-pmo.xml";
    /** Name of the signed message delivered to the PMO, exactly as sent. */
    static final String DELIVERED_MESSAGE = "message-pmo.xml";
    /** Name of the PMO's signed acknowledgement, exactly as received. */
    static final String PMO_ACKNOWLEDGEMENT = "accuse-pmo.xml";

    private final DataSource dataSource;
    private final KeyMaterial identity;
    private final String transformationVersion;
    private final String transformationSha256;
    private final Clock clock;

    /**
     * Creates the exporter of the journal in {@code dataSource}, signing with the gateway {@code identity}
     * and naming the transformation {@code transformationVersion} with digest {@code transformationSha256}.
     */
    public EvidenceBundle(DataSource dataSource, KeyMaterial identity, String transformationVersion,
            String transformationSha256, Clock clock) {
        this.dataSource = dataSource;
        this.identity = identity;
        this.transformationVersion = transformationVersion;
        this.transformationSha256 = transformationSha256;
        this.clock = clock;
    }

    /**
     * Writes the bundle of exchange {@code exchangeId} to {@code zip} and returns the names of its files.
     *
     * @throws GatewayException {@link ErrorCode#ECHANGE_INCONNU} if the journal has no such exchange,
     *                          {@link ErrorCode#ERREUR_INTERNE} if the journal or the file cannot be read or written
     */
    public List<String> export(String exchangeId, Path zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Manifest manifest = Manifest.create();
        AuditTrail trail = new AuditTrail(dataSource);
        Instant receivedAt = addExchange(trail, exchangeId, files, manifest);
        addAnswer(trail, exchangeId, files, manifest);
        addDelivery(trail, exchangeId, files, manifest);
        addTrustMaterial(files, receivedAt);
        manifest.fact("transformation-version", transformationVersion)
                .fact("transformation-sha256", transformationSha256)
                .fact("exporte-le", clock.instant());
        files.forEach((name, bytes) -> manifest.file(name, role(name), Sha256.hex(bytes)));
        Document document = manifest.toDocument();
        EnvelopedSignature.sign(document, identity.privateKey(), identity.certificate());
        write(zip, EnvelopedSignature.serialise(document), files);
        List<String> names = new ArrayList<>();
        names.add(Manifest.FILE_NAME);
        names.addAll(files.keySet());
        return names;
    }

    /** Adds the exchange's facts and request; returns when it was received. */
    private static Instant addExchange(AuditTrail trail, String exchangeId, Map<String, byte[]> files,
            Manifest manifest) {
        AuditTrail.StoredExchange exchange = trail.exchange(exchangeId)
                .orElseThrow(() -> new GatewayException(ErrorCode.ECHANGE_INCONNU, null, exchangeId));
        manifest.fact("id", exchangeId).fact("sequence", exchange.sequence()).fact("hash", exchange.hash())
                .fact(Manifest.RECEIVED_AT, exchange.receivedAt()).fact("operation", exchange.operation())
                .fact("emetteur", exchange.sender()).fact("empreinte-certificat", exchange.thumbprint())
                .fact("identifiant-envoi", exchange.batchId()).fact("verdict", exchange.verdict())
                .fact("version-regles", exchange.versions().rules())
                .fact("version-transformation", exchange.versions().transformation())
                .fact("version-listes", exchange.versions().codeLists());
        files.put(REQUEST, exchange.request());
        return exchange.receivedAt();
    }

    /** Adds the answer sent for the exchange, exactly as sent. */
    private static void addAnswer(AuditTrail trail, String exchangeId, Map<String, byte[]> files, Manifest manifest) {
        trail.answerOf(exchangeId).ifPresentOrElse(answer -> {
            manifest.fact("reponse-nature", answer.nature().name()).fact(Manifest.ANSWERED_AT, answer.sentAt());
            files.put(ANSWER, answer.bytes());
        }, () -> manifest.absent("reponse", "Aucune réponse enregistrée pour cet échange. "
                + "/ No answer recorded for this exchange."));
    }

    private static void addDelivery(AuditTrail trail, String exchangeId, Map<String, byte[]> files,
            Manifest manifest) {
        AuditTrail.DeliveryOutcome delivery = trail.deliveryOf(exchangeId).orElse(null);
        if (delivery == null) {
            manifest.absent("document-pmo", "Aucun document PMO : échange non accepté. "
                    + "/ No PMO document: the exchange was not accepted.");
            return;
        }
        files.put(PMO_DOCUMENT, delivery.document());
        manifest.fact("livraison", delivery.state()).fact(Manifest.DELIVERED_AT, delivery.deliveredAt());
        if (delivery.acknowledgement() != null) {
            files.put(DELIVERED_MESSAGE, delivery.message());
            files.put(PMO_ACKNOWLEDGEMENT, delivery.acknowledgement());
        } else {
            manifest.absent("accuse-pmo", "Pas encore d'accusé du PMO : document non livré (état "
                    + delivery.state() + "). / No PMO acknowledgement yet: not delivered (state "
                    + delivery.state() + ").");
        }
    }

    /** Adds the gateway certificate, and the trust anchors and CRLs in use when the exchange was received. */
    private void addTrustMaterial(Map<String, byte[]> files, Instant receivedAt) {
        files.put(GATEWAY_CERTIFICATE, Pem.of(identity.certificate()));
        TrustHistory history = TrustHistory.of(new TrustArchive(dataSource));
        List<X509Certificate> anchors = history.anchorsAt(receivedAt);
        for (int i = 0; i < anchors.size(); i++) {
            files.put(numbered(CA_PREFIX, i, CA_SUFFIX), Pem.of(anchors.get(i)));
        }
        List<X509CRL> crls = history.crlsAt(receivedAt);
        for (int i = 0; i < crls.size(); i++) {
            files.put(numbered(CA_PREFIX, i, CRL_SUFFIX), Pem.of(crls.get(i)));
        }
    }

    private static String numbered(String prefix, int index, String suffix) {
        return prefix + (index == 0 ? "" : "-" + (index + 1)) + suffix;
    }

    private static String role(String name) {
        if (name.equals(REQUEST)) {
            return "requete";
        } else if (name.equals(GATEWAY_CERTIFICATE)) {
            return "certificat-passerelle";
        } else if (name.endsWith(CA_SUFFIX)) {
            return "certificat-ac";
        } else if (name.endsWith(CRL_SUFFIX)) {
            return "lcr";
        }
        return name.substring(0, name.length() - ".xml".length());
    }

    private static void write(Path zip, byte[] manifest, Map<String, byte[]> files) {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            put(entries, Manifest.FILE_NAME, manifest);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                put(entries, file.getKey(), file.getValue());
            }
        } catch (IOException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, zip);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }
}
