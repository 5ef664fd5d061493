package ma.pmogateway.audit;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signs the journal's chain head as a small XML document, and reads such a document back only if it
 * carries a valid signature by the expected certificate.
 *
 * <p>The document is
 * {@code <pc:point-controle xmlns:pc="urn:pmo-gateway:audit:1" sequence="S" hash="H" signe-le="T">}
 * with an enveloped XML Signature (RSA-SHA256, exclusive C14N, the gateway certificate in KeyInfo):
 * {@code xmlsec1 --verify --pubkey-cert-pem gateway.crt.pem} checks it too.
 */
public final class CheckpointSigner {

    /** Namespace of the audit documents (checkpoints and bundle manifests). */
    public static final String NAMESPACE = "urn:pmo-gateway:audit:1";
    private static final String ELEMENT = "pc:point-controle";

    private final PrivateKey key;
    private final X509Certificate certificate;

    /** Creates a signer that signs with {@code key}, naming {@code certificate} in every signature. */
    public CheckpointSigner(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** What a checkpoint asserts: the chain had {@code hash} at {@code sequence} when it was signed. */
    public record Checkpoint(long sequence, String hash, Instant signedAt) {
    }

    /** Returns the signed checkpoint document for {@code checkpoint}, as UTF-8 bytes. */
    public byte[] sign(Checkpoint checkpoint) {
        Document document = EnvelopedSignature.newDocument(NAMESPACE, ELEMENT);
        Element root = document.getDocumentElement();
        root.setAttribute("sequence", Long.toString(checkpoint.sequence()));
        root.setAttribute("hash", checkpoint.hash());
        root.setAttribute("signe-le", checkpoint.signedAt().toString());
        EnvelopedSignature.sign(document, key, certificate);
        return EnvelopedSignature.serialise(document);
    }

    /**
     * Returns what {@code signedDocument} asserts, if it is a checkpoint validly signed with the key of a
     * certificate that {@code gateway} accepts.
     *
     * @throws VerificationFailure naming the problem: not a checkpoint, a bad signature, or a signer
     *                                    that is not the gateway
     */
    static Checkpoint read(byte[] signedDocument, Predicate<X509Certificate> gateway) throws VerificationFailure {
        Document document = EnvelopedSignature.parse(signedDocument);
        X509Certificate signer = EnvelopedSignature.verify(document);
        if (!gateway.test(signer)) {
            throw new VerificationFailure("signed by " + signer.getSubjectX500Principal().getName()
                    + ", not by the gateway certificate", null);
        }
        Element root = document.getDocumentElement();
        if (!NAMESPACE.equals(root.getNamespaceURI()) || !"point-controle".equals(root.getLocalName())) {
            throw new VerificationFailure("not a checkpoint document", null);
        }
        try {
            return new Checkpoint(Long.parseLong(root.getAttribute("sequence")), root.getAttribute("hash"),
                    Instant.parse(root.getAttribute("signe-le")));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new VerificationFailure("malformed checkpoint: " + e.getMessage(), e);
        }
    }
}
