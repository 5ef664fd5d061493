package ma.pmogateway.it.security;

import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.engine.WSSConfig;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/**
 * Builds a SOAP request around an operation payload and signs it with WSS4J's DOM API the way the
 * WSDL's policy asks: a BinarySecurityToken referenced directly, a Timestamp, one signature over the
 * Body and the Timestamp with exclusive canonicalisation, RSA-SHA256 (ECDSA-SHA256 for an EC key) and
 * SHA-256 digests, and the Security header in Strict order (token, Timestamp, Signature).
 *
 * <p>Each setter changes exactly one of those choices, so that a negative test differs from a request
 * the gateway accepts by that one thing. Every {@link #build()} signs afresh (new Ids, new Timestamp).
 */
public final class SignedRequest {

    /** What the signature may cover. */
    public enum Part { BODY, TIMESTAMP }

    /** The default sender: Al Omrane Casablanca-Settat, registered for region 06. */
    public static final String DEFAULT_SIGNER = "ao-cs";

    static {
        WSSConfig.init();
    }

    private final Document payload;
    private SoapVersion version = SoapVersion.SOAP_12;
    private String signer = DEFAULT_SIGNER;
    private String presentedIdentity;
    private String signatureAlgorithm;
    private String digestAlgorithm = WSConstants.SHA256;
    private String canonicalization = WSConstants.C14N_EXCL_OMIT_COMMENTS;
    private Set<Part> signedParts = EnumSet.allOf(Part.class);
    private boolean signed = true;
    private boolean timestamped = true;
    private Duration createdFromNow = Duration.ZERO;
    private Duration timeToLive = Duration.ofMinutes(5);

    private SignedRequest(Document payload) {
        this.payload = payload;
    }

    /** Starts a SOAP 1.2 request carrying {@code payload} (an operation element such as svc:SoumettreProjets). */
    public static SignedRequest of(Document payload) {
        return new SignedRequest(payload);
    }

    /** Sends it as {@code soapVersion} instead of SOAP 1.2. */
    public SignedRequest over(SoapVersion soapVersion) {
        this.version = soapVersion;
        return this;
    }

    /** Signs with the development identity {@code identity} (certs/dev) instead of {@value #DEFAULT_SIGNER}. */
    public SignedRequest signedBy(String identity) {
        this.signer = identity;
        return this;
    }

    /** Puts the certificate of {@code identity} in the BinarySecurityToken while still signing with the signer's key. */
    public SignedRequest presentingCertificateOf(String identity) {
        this.presentedIdentity = identity;
        return this;
    }

    /** Uses the signature method {@code uri} instead of the one matching the signer's key. */
    public SignedRequest signatureAlgorithm(String uri) {
        this.signatureAlgorithm = uri;
        return this;
    }

    /** Uses the digest method {@code uri} instead of SHA-256. */
    public SignedRequest digestAlgorithm(String uri) {
        this.digestAlgorithm = uri;
        return this;
    }

    /** Canonicalises the SignedInfo with {@code uri} instead of exclusive C14N. */
    public SignedRequest canonicalization(String uri) {
        this.canonicalization = uri;
        return this;
    }

    /** Signs only {@code parts} instead of the Body and the Timestamp. */
    public SignedRequest signing(Part first, Part... others) {
        this.signedParts = EnumSet.of(first, others);
        return this;
    }

    /** Adds no Timestamp (the signature then covers the Body only). */
    public SignedRequest withoutTimestamp() {
        this.timestamped = false;
        this.signedParts = EnumSet.of(Part.BODY);
        return this;
    }

    /** Dates the Timestamp's Created {@code createdFromNow} from now (negative: in the past), Expires {@code ttl} later. */
    public SignedRequest timestamp(Duration createdFromNow, Duration ttl) {
        this.createdFromNow = createdFromNow;
        this.timeToLive = ttl;
        return this;
    }

    /** Adds no WS-Security header at all. */
    public SignedRequest unsigned() {
        this.signed = false;
        return this;
    }

    /** Returns a new envelope, signed now as configured. */
    public Document build() {
        Document document = envelope();
        if (signed) {
            try {
                sign(document);
            } catch (WSSecurityException e) {
                throw new IllegalStateException("WSS4J could not sign the request", e);
            }
        }
        return document;
    }

    private Document envelope() {
        Document document = Envelopes.newDocument();
        Element envelope = document.createElementNS(version.namespace(), version.prefix() + ":Envelope");
        Envelopes.declarePrefix(envelope);
        document.appendChild(envelope);
        envelope.appendChild(document.createElementNS(version.namespace(), version.prefix() + ":Header"));
        Element body = document.createElementNS(version.namespace(), version.prefix() + ":Body");
        envelope.appendChild(body);
        body.appendChild(document.importNode(payload.getDocumentElement(), true));
        return document;
    }

    private void sign(Document document) throws WSSecurityException {
        WSSecHeader header = new WSSecHeader(document);
        header.insertSecurityHeader();
        if (timestamped) {
            WSSecTimestamp timestamp = new WSSecTimestamp(header);
            Instant created = Instant.now().plus(createdFromNow);
            timestamp.setWsTimeSource(() -> created);
            timestamp.setTimeToLive(Math.toIntExact(timeToLive.toSeconds()));
            timestamp.build();
        }
        KeyMaterial identity = Identities.of(signer);
        WSSecSignature signature = new WSSecSignature(header);
        signature.setUserInfo(signer, Identities.PASSWORD);
        signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
        signature.setSignatureAlgorithm(signatureAlgorithm != null ? signatureAlgorithm : algorithmFor(identity));
        signature.setDigestAlgo(digestAlgorithm);
        signature.setSigCanonicalization(canonicalization);
        if (presentedIdentity != null) {
            signature.setX509Certificate(Identities.of(presentedIdentity).certificate());
        }
        signature.prepare(identity.crypto());
        // Appended after the Timestamp, then the token put first: BST, Timestamp, Signature.
        signature.computeSignature(signature.addReferencesToSign(parts()), false, null);
        signature.prependBSTElementToHeader();
    }

    private List<WSEncryptionPart> parts() {
        List<WSEncryptionPart> parts = new ArrayList<>();
        if (signedParts.contains(Part.BODY)) {
            parts.add(new WSEncryptionPart(WSConstants.ELEM_BODY, version.namespace(), "Element"));
        }
        if (signedParts.contains(Part.TIMESTAMP)) {
            parts.add(new WSEncryptionPart(WSConstants.TIMESTAMP_TOKEN_LN, WSConstants.WSU_NS, "Element"));
        }
        return parts;
    }

    private static String algorithmFor(KeyMaterial identity) {
        return identity.privateKey() instanceof ECPrivateKey ? WSConstants.ECDSA_SHA256 : WSConstants.RSA_SHA256;
    }
}
