package ma.pmogateway.security;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.cxf.rt.security.SecurityConstants;
import org.apache.wss4j.common.WSS4JConstants;

/**
 * The CXF endpoint and client properties that complete the WSDL's WS-SecurityPolicy: keys, trust,
 * revocation, timestamp freshness, replay protection and the signature algorithm the policy's
 * algorithm suite cannot express. The policy itself stays in the WSDL.
 */
public final class WsSecuritySettings {

    private static final String RSA_SHA256 = WSS4JConstants.RSA_SHA256;

    private WsSecuritySettings() {
    }

    /**
     * Returns the properties of a service that signs its responses with {@code identity} and accepts
     * requests signed by certificates that {@code identity}'s trust store and CRLs accept, fresh within
     * {@code timeToLive} (and {@code futureSkew} ahead), never twice.
     */
    public static Map<String, Object> service(KeyMaterial identity, ReplayRegistry replays, Duration timeToLive,
            Duration futureSkew) {
        Map<String, Object> properties = signing(identity);
        properties.put(SecurityConstants.ENABLE_REVOCATION, !identity.crls().isEmpty());
        properties.put(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_TTL,
                Long.toString(timeToLive.toSeconds()));
        properties.put(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_FUTURE_TTL,
                Long.toString(futureSkew.toSeconds()));
        properties.put(org.apache.cxf.ws.security.SecurityConstants.ENABLE_TIMESTAMP_CACHE, Boolean.TRUE);
        properties.put(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_CACHE_INSTANCE,
                new ReplayCacheAdapter(replays, timeToLive.plus(futureSkew)));
        properties.put(org.apache.cxf.ws.security.SecurityConstants.SIGNATURE_TOKEN_VALIDATOR,
                new StrictSignatureTrustValidator());
        properties.put(org.apache.cxf.ws.security.SecurityConstants.TIMESTAMP_TOKEN_VALIDATOR,
                new FreshnessTimestampValidator());
        properties.put(org.apache.cxf.ws.security.SecurityConstants.RETURN_SECURITY_ERROR, Boolean.FALSE);
        return properties;
    }

    /**
     * Returns the subject-DN constraint WSS4J applies to every signer it trusts: one of
     * {@code subjects} exactly (RFC 2253), on top of the chain to a trusted CA. WSS4J warns on every
     * signature it checks without one. Empty when the subjects are not all known (a registry entry
     * identified by thumbprint or issuer and serial): the registry's own identification then decides alone.
     */
    public static Map<String, Object> subjectConstraints(Optional<? extends java.util.Collection<String>> subjects) {
        if (subjects.isEmpty() || subjects.get().isEmpty()) {
            return Map.of();
        }
        // A DN holds commas, WSS4J's default separator: one pattern per line instead.
        return Map.of(org.apache.cxf.rt.security.SecurityConstants.SUBJECT_CERT_CONSTRAINTS,
                subjects.get().stream().map(java.util.regex.Pattern::quote)
                        .collect(java.util.stream.Collectors.joining("\n")),
                org.apache.cxf.rt.security.SecurityConstants.CERT_CONSTRAINTS_SEPARATOR, "\n");
    }

    /** Returns the properties of a client that signs with {@code identity} and verifies signed responses. */
    public static Map<String, Object> client(KeyMaterial identity) {
        return client(identity, new StrictSignatureTrustValidator());
    }

    /**
     * Returns the properties of a client that signs with {@code identity} and accepts only responses
     * signed with one of {@code responders}' certificates (still checked against the trust store).
     */
    public static Map<String, Object> pinnedClient(KeyMaterial identity, List<X509Certificate> responders) {
        Map<String, Object> properties = client(identity, new StrictSignatureTrustValidator(responders));
        properties.putAll(subjectConstraints(Optional.of(responders.stream()
                .map(responder -> responder.getSubjectX500Principal().getName()).toList())));
        return properties;
    }

    private static Map<String, Object> client(KeyMaterial identity, StrictSignatureTrustValidator validator) {
        Map<String, Object> properties = signing(identity);
        properties.put(SecurityConstants.ENABLE_REVOCATION, !identity.crls().isEmpty());
        properties.put(org.apache.cxf.ws.security.SecurityConstants.SIGNATURE_TOKEN_VALIDATOR, validator);
        return properties;
    }

    private static Map<String, Object> signing(KeyMaterial identity) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(SecurityConstants.SIGNATURE_CRYPTO, identity.crypto());
        properties.put(SecurityConstants.SIGNATURE_USERNAME, identity.alias());
        properties.put(SecurityConstants.CALLBACK_HANDLER, identity.passwordCallback());
        properties.put(org.apache.cxf.ws.security.SecurityConstants.ASYMMETRIC_SIGNATURE_ALGORITHM, RSA_SHA256);
        return properties;
    }
}
