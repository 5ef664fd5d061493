package ma.pmogateway.contract;

import java.util.Map;

/** Namespace URIs of the contracts and the prefixes the gateway uses for them in XPath locations. */
public final class Namespaces {

    public static final String AO = "urn:ma:alomrane:suivi-projets:v1";
    public static final String AO_SERVICE = "urn:ma:alomrane:suivi-projets:service:v1";
    public static final String COMMON = "urn:ma:pmo-gateway:commun:v1";
    public static final String PMO = "urn:ma:dgct:pmo:v1";
    public static final String PMO_SERVICE = "urn:ma:dgct:pmo:depot:v1";
    public static final String CODE_LISTS = "urn:ma:pmo-gateway:listes-codes:v1";
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    /** The fixed prefix of each contract namespace, as documented in docs/CONTRACTS.md. */
    public static final Map<String, String> PREFIXES = Map.of(
            AO, "ao",
            AO_SERVICE, "svc",
            COMMON, "cm",
            PMO, "pmo",
            PMO_SERVICE, "dep",
            CODE_LISTS, "lc",
            SOAP11, "soap",
            SOAP12, "env");

    private Namespaces() {
    }
}
