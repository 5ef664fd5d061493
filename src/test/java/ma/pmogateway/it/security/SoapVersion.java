package ma.pmogateway.it.security;

import java.net.http.HttpRequest;

/** The two SOAP versions the gateway serves, with what a raw request needs to say which one it speaks. */
public enum SoapVersion {

    /** SOAP 1.2: the action travels as a parameter of the media type. */
    SOAP_12("http://www.w3.org/2003/05/soap-envelope", "env") {
        @Override
        void describe(HttpRequest.Builder request, String action) {
            request.header("Content-Type", "application/soap+xml; charset=UTF-8; action=\"" + action + "\"");
        }
    },

    /** SOAP 1.1: the action travels in its own SOAPAction header. */
    SOAP_11("http://schemas.xmlsoap.org/soap/envelope/", "soap") {
        @Override
        void describe(HttpRequest.Builder request, String action) {
            request.header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"" + action + "\"");
        }
    };

    private final String namespace;
    private final String prefix;

    SoapVersion(String namespace, String prefix) {
        this.namespace = namespace;
        this.prefix = prefix;
    }

    /** Returns the envelope namespace. */
    public String namespace() {
        return namespace;
    }

    /** Returns the prefix used for the envelope namespace in built requests. */
    public String prefix() {
        return prefix;
    }

    /** Returns the version whose envelope namespace is {@code namespace}. */
    public static SoapVersion of(String namespace) {
        for (SoapVersion version : values()) {
            if (version.namespace.equals(namespace)) {
                return version;
            }
        }
        throw new IllegalArgumentException("not a SOAP envelope namespace: " + namespace);
    }

    /** Adds the content type (and, for SOAP 1.1, the SOAPAction header) of a request for {@code action}. */
    abstract void describe(HttpRequest.Builder request, String action);
}
