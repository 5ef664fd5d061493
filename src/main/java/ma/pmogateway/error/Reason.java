package ma.pmogateway.error;

import java.util.EnumSet;
import java.util.Set;

/**
 * The precise defence that refused a request: a stable sub-code of an {@link ErrorCode}, written as
 * the first line of the refusal's journal record ({@code motifs}) and never shown to the caller when
 * its code is a security one.
 *
 * <p>The caller sees the {@link ErrorCode} (and, for non-security codes, the precise problems); the
 * auditor and the operator see which check fired. Tests assert the reason, so that removing a check
 * makes a test fail. Names are stable: auditors may filter on them.
 */
public enum Reason {

    // ---- transport and envelope (before SOAP processing) ------------------------------------
    /** An HTTP method other than POST (GET is served only for ?wsdl and the published ?xsd). */
    HTTP_METHOD_NOT_ALLOWED(ErrorCode.CONTRAT_INVALIDE),
    /** A Content-Type that is not a SOAP 1.1/1.2 one, or a bogus multipart. */
    HTTP_CONTENT_TYPE(ErrorCode.CONTRAT_INVALIDE),
    /** A GET for a document the gateway does not publish (unknown ?xsd=, any other query). */
    HTTP_UNKNOWN_DOCUMENT(ErrorCode.CONTRAT_INVALIDE),
    /** The body is not well-formed XML in its declared charset (bytes not in the charset, unsupported charset). */
    XML_MALFORMED(ErrorCode.CONTRAT_INVALIDE),
    /** The envelope's SOAP version is not the one of the address. */
    SOAP_VERSION_MISMATCH(ErrorCode.CONTRAT_INVALIDE),
    /** A header marked mustUnderstand that the gateway does not process. */
    SOAP_MUST_UNDERSTAND(ErrorCode.CONTRAT_INVALIDE),
    /** An empty SOAP Body. */
    SOAP_BODY_EMPTY(ErrorCode.CONTRAT_INVALIDE),
    /** A payload that names no operation of the service. */
    SOAP_OPERATION_UNKNOWN(ErrorCode.CONTRAT_INVALIDE),

    // ---- XML threats (security.XmlThreatGuard) ----------------------------------------------
    /** The HTTP body exceeds limits.max-message-bytes. */
    XML_MESSAGE_TOO_LARGE(ErrorCode.XML_REFUSE),
    /** A DOCTYPE or an entity. */
    XML_DOCTYPE(ErrorCode.XML_REFUSE),
    /** Nesting deeper than limits.max-element-depth. */
    XML_DEPTH(ErrorCode.XML_REFUSE),
    /** More elements than limits.max-element-count. */
    XML_ELEMENT_COUNT(ErrorCode.XML_REFUSE),
    /** More children under one element than limits.max-child-elements. */
    XML_CHILD_COUNT(ErrorCode.XML_REFUSE),
    /** More attributes on one element than limits.max-attribute-count. */
    XML_ATTRIBUTE_COUNT(ErrorCode.XML_REFUSE),
    /** An attribute value longer than limits.max-attribute-bytes. */
    XML_ATTRIBUTE_SIZE(ErrorCode.XML_REFUSE),
    /** A text node longer than limits.max-text-bytes. */
    XML_TEXT_SIZE(ErrorCode.XML_REFUSE),
    /** A comment longer than limits.max-text-bytes. */
    XML_COMMENT_SIZE(ErrorCode.XML_REFUSE),
    /** A processing instruction longer than limits.max-text-bytes. */
    XML_PI_SIZE(ErrorCode.XML_REFUSE),
    /** An element, attribute or prefix name longer than limits.max-name-bytes. */
    XML_NAME_SIZE(ErrorCode.XML_REFUSE),
    /** The XML could not be read by the guard's streaming pass (any other parse failure). */
    XML_UNREADABLE(ErrorCode.XML_REFUSE),

    // ---- WS-Security (WSS4J, the policy engine, security.SignatureCoverageInterceptor) ------
    /** No Security header, or no signature in it. */
    SIG_MISSING(ErrorCode.SECURITE_REFUSEE),
    /** The signature value or a reference digest does not verify (content altered after signing). */
    SIG_INVALID(ErrorCode.SECURITE_REFUSEE),
    /** The Body the service reads is not the element the signature references (wrapping). */
    SIG_WRAPPING_BODY_MOVED(ErrorCode.SECURITE_REFUSEE),
    /** A wsu:Id/Id/ID/xml:id value appears twice (wrapping). */
    SIG_WRAPPING_DUPLICATE_ID(ErrorCode.SECURITE_REFUSEE),
    /** No Body, or more than one, under the Envelope or anywhere in the message (wrapping). */
    SIG_WRAPPING_BODY_COUNT(ErrorCode.SECURITE_REFUSEE),
    /** More than one signature, or more than one Security header. */
    SIG_COUNT(ErrorCode.SECURITE_REFUSEE),
    /** The envelope's Body is not among the elements the signature references. */
    SIG_BODY_NOT_SIGNED(ErrorCode.SECURITE_REFUSEE),
    /** The Timestamp is missing or not signed. */
    SIG_TIMESTAMP_NOT_SIGNED(ErrorCode.SECURITE_REFUSEE),
    /** The signature is not made with an X.509 certificate token. */
    SIG_NO_CERTIFICATE(ErrorCode.SECURITE_REFUSEE),
    /** A signature method other than RSA-SHA256. */
    ALG_SIGNATURE_METHOD(ErrorCode.SECURITE_REFUSEE),
    /** A digest method other than SHA-256 (or stronger, where allowed). */
    ALG_DIGEST(ErrorCode.SECURITE_REFUSEE),
    /** A canonicalisation or transform other than exclusive C14N. */
    ALG_CANONICALIZATION(ErrorCode.SECURITE_REFUSEE),
    /** The signer's certificate does not chain to a trusted CA. */
    CERT_UNTRUSTED(ErrorCode.SECURITE_REFUSEE),
    /** The signer's certificate is expired or not yet valid. */
    CERT_EXPIRED(ErrorCode.SECURITE_REFUSEE),
    /** The signer's certificate is revoked, or its revocation status unknown (stale CRL). */
    CERT_REVOKED(ErrorCode.SECURITE_REFUSEE),
    /** The signer's certificate breaks the certificate policy (key size, signature algorithm, key usage). */
    CERT_POLICY(ErrorCode.SECURITE_REFUSEE),
    /** The Timestamp has expired or is older than security.timestamp-ttl-seconds. */
    TIMESTAMP_EXPIRED(ErrorCode.SECURITE_REFUSEE),
    /** The Timestamp is further in the future than security.future-skew-seconds. */
    TIMESTAMP_FUTURE(ErrorCode.SECURITE_REFUSEE),
    /** The Timestamp is missing or malformed. */
    TIMESTAMP_INVALID(ErrorCode.SECURITE_REFUSEE),
    /** The same signed message was seen before. */
    REPLAY(ErrorCode.SECURITE_REFUSEE),
    /** The Security header's layout breaks the policy's sp:Strict layout. */
    POLICY_LAYOUT(ErrorCode.SECURITE_REFUSEE),
    /** Another assertion of the WS-SecurityPolicy is not satisfied. */
    POLICY_NOT_SATISFIED(ErrorCode.SECURITE_REFUSEE),
    /** The signer's certificate is valid but not in the sender registry. */
    SENDER_UNKNOWN(ErrorCode.SECURITE_REFUSEE),
    /** Any other failure of the WS-Security processing (its detail follows in the record). */
    SECURITY_OTHER(ErrorCode.SECURITE_REFUSEE),

    // ---- authorisation (the sender is authenticated) ----------------------------------------
    /** The registry entry does not list the operation. */
    OPERATION_NOT_ALLOWED(ErrorCode.NON_AUTORISE),
    /** The header's Emetteur is not the signer's entity. */
    EMETTEUR_NOT_SIGNER(ErrorCode.NON_AUTORISE),
    /** A location lies outside the sender's regions or provinces. */
    REGION_OUT_OF_SCOPE(ErrorCode.NON_AUTORISE),
    /** The project is owned by another entity (its code names it, or it was transferred to it). */
    PROJECT_NOT_OWNED(ErrorCode.NON_AUTORISE),
    /** A progress report for a project that has no accepted fiche. */
    PROJECT_UNKNOWN(ErrorCode.NON_AUTORISE),
    /** A fiche names a Filiale other than its project's owner (a change of owner is a transfer). */
    PROJECT_FILIALE_NOT_OWNER(ErrorCode.NON_AUTORISE),
    /** A transfer asked by an entity other than the head office. */
    TRANSFER_NOT_HEAD_OFFICE(ErrorCode.NON_AUTORISE),

    /** Any other authorisation refusal (its detail follows in the record). */
    AUTHORISATION_OTHER(ErrorCode.NON_AUTORISE),
    /** The exchange asked for is another sender's (answered as if it did not exist). */
    EXCHANGE_NOT_VISIBLE(ErrorCode.ECHANGE_INCONNU),
    /** The exchange asked for does not exist, or was not accepted. */
    EXCHANGE_UNKNOWN(ErrorCode.ECHANGE_INCONNU),

    // ---- contract and rules -----------------------------------------------------------------
    /** The payload breaks the published XSD. */
    SCHEMA_INVALID(ErrorCode.CONTRAT_INVALIDE),
    /** The batch breaks business rules. */
    BUSINESS_RULE(ErrorCode.REGLE_METIER),
    /**
     * A transfer of a project without an accepted fiche, to its current owner, or to an entity whose
     * regions do not cover its places (R-PRJ-001 to R-PRJ-003).
     */
    TRANSFER_INVALID(ErrorCode.REGLE_METIER),
    /** The batch id was accepted before with other content. */
    DUPLICATE_BATCH(ErrorCode.ENVOI_EN_DOUBLE),

    // ---- the gateway's side -----------------------------------------------------------------
    /** The PMO translation failed the PMO schema. */
    TRANSFORMATION_INVALID(ErrorCode.TRANSFORMATION_INVALIDE),
    /** An unexpected failure of the gateway. */
    INTERNAL(ErrorCode.ERREUR_INTERNE),
    /** The gateway cannot serve now (its database does not answer). */
    UNAVAILABLE(ErrorCode.SERVICE_INDISPONIBLE),
    /** The node is starting or stopping: it takes no request now, another node (or this one later) will. */
    NODE_NOT_READY(ErrorCode.SERVICE_INDISPONIBLE),
    /** A configuration error, at start-up. */
    CONFIGURATION(ErrorCode.CONFIGURATION_INVALIDE);

    /** The caller's mistakes of transport and envelope: what is no request of this service at all. */
    private static final Set<Reason> ENVELOPE = EnumSet.of(HTTP_METHOD_NOT_ALLOWED, HTTP_CONTENT_TYPE,
            HTTP_UNKNOWN_DOCUMENT, XML_MALFORMED, SOAP_VERSION_MISMATCH, SOAP_MUST_UNDERSTAND, SOAP_BODY_EMPTY,
            SOAP_OPERATION_UNKNOWN);

    private final ErrorCode code;

    Reason(ErrorCode code) {
        this.code = code;
    }

    /**
     * Returns true for a mistake of transport or envelope (the first section above): a message that is
     * no request of this service, refused before or beside the security checks.
     */
    public boolean isEnvelope() {
        return ENVELOPE.contains(this);
    }

    /** Returns the public error code this reason is reported under. */
    public ErrorCode code() {
        return code;
    }

    /**
     * Returns the reason recorded when a failure of {@code code} names none of its own: the code's
     * catch-all (a check that knows more gives its own reason).
     */
    public static Reason generic(ErrorCode code) {
        return switch (code) {
            case CONTRAT_INVALIDE -> SCHEMA_INVALID;
            case REGLE_METIER -> BUSINESS_RULE;
            case NON_AUTORISE -> AUTHORISATION_OTHER;
            case SECURITE_REFUSEE -> SECURITY_OTHER;
            case XML_REFUSE -> XML_UNREADABLE;
            case ENVOI_EN_DOUBLE -> DUPLICATE_BATCH;
            case ECHANGE_INCONNU -> EXCHANGE_UNKNOWN;
            case TRANSFORMATION_INVALIDE -> TRANSFORMATION_INVALID;
            case ERREUR_INTERNE -> INTERNAL;
            case SERVICE_INDISPONIBLE -> UNAVAILABLE;
            case CONFIGURATION_INVALIDE -> CONFIGURATION;
        };
    }
}
