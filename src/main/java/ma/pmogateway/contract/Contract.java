package ma.pmogateway.contract;

/**
 * The schemas the gateway validates against, each naming its entry document among the bundled
 * contracts ({@code contracts/xsd/...} on the class path, copied from the repository's {@code xsd/}).
 */
public enum Contract {

    /** The Al Omrane format: EnvoiFichesProjets, EnvoiSituations, RetourPMO. */
    AO_FORMAT("ao/suivi-projets-v1.xsd", Namespaces.AO),
    /** The gateway service's request and response wrappers (with the Al Omrane format and receipts). */
    AO_SERVICE("ao/suivi-projets-service-v1.xsd", Namespaces.AO_SERVICE),
    /** The PMO schema: depot-fiches, depot-situations, accuse-depot. */
    PMO_FORMAT("pmo/pmo-v1.xsd", Namespaces.PMO),
    /** The PMO intake service's wrappers and fault. */
    PMO_SERVICE("pmo/pmo-depot-service-v1.xsd", Namespaces.PMO_SERVICE),
    /** Receipts and fault details shared by both sides. */
    COMMON("common/commun-v1.xsd", Namespaces.COMMON),
    /** The format of the versioned code-list files. */
    CODE_LISTS("common/listes-codes-v1.xsd", Namespaces.CODE_LISTS);

    /** Class-path folder holding the bundled XSDs. */
    public static final String XSD_ROOT = "contracts/xsd/";

    private final String relativePath;
    private final String namespace;

    Contract(String relativePath, String namespace) {
        this.relativePath = relativePath;
        this.namespace = namespace;
    }

    /** Returns the target namespace of the schema's entry document: that of the documents it takes. */
    public String namespace() {
        return namespace;
    }

    /** Returns the class-path resource name of the schema's entry document. */
    public String resource() {
        return XSD_ROOT + relativePath;
    }
}
