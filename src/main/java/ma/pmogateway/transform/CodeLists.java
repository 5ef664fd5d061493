package ma.pmogateway.transform;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XdmMap;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XdmValue;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * The versioned code lists the business rules check against and the transformation maps through,
 * read once from {@code contracts/xsd/codes/} and shared.
 *
 * <p>Stylesheets receive them as one XDM map, list identifier → code value → {@code lc:Code}
 * element, built once here: a look-up costs a hash probe and no key index is rebuilt per
 * transformation. The set is identified for the journal by {@link #identifier()}: each list's
 * {@code identifiant@version}, in file-name order, then the SHA-256 of the files concatenated in that
 * order ({@code LC_ALL=C cat xsd/codes/*.xml | sha256sum}). Immutable and thread-safe.
 */
public final class CodeLists {

    /** The code-list files, in the (file-name) order that defines the digest. */
    static final List<String> FILES = List.of(
            "ao-filiales.xml",
            "ao-programmes.xml",
            "ao-statuts.xml",
            "ao-types-partenaires.xml",
            "ao-unites.xml",
            "pmo-categories-financement.xml",
            "pmo-etats.xml",
            "pmo-indicateurs.xml",
            "pmo-secteurs.xml",
            "territoire-communes.xml",
            "territoire-prefectures-arrondissements.xml",
            "territoire-provinces.xml",
            "territoire-regions.xml");

    private static final String FOLDER = Contract.XSD_ROOT + "codes/";
    private static final String SET_NAME = "listes-codes";
    private static final QName LISTE = new QName(Namespaces.CODE_LISTS, "ListeCodes");

    private final BundledFiles files;
    private final Map<String, String> versions;
    private final String identifier;
    private final XdmMap map;

    private CodeLists(BundledFiles files, Map<String, String> versions, XdmMap map) {
        this.files = files;
        this.versions = versions;
        this.identifier = versions.entrySet().stream()
                .map(entry -> entry.getKey() + '@' + entry.getValue())
                .collect(Collectors.joining(",", "", ";sha256=" + files.sha256()));
        this.map = map;
    }

    /** Reads the bundled code-list files, in the order that defines their digest. */
    static BundledFiles bundled() {
        return BundledFiles.load(SET_NAME, FILES.stream().map(file -> FOLDER + file).toList());
    }

    /** Indexes the code lists of {@code loaded} (the bundled ones, or an archived set) with {@code builder}'s processor. */
    static CodeLists of(DocumentBuilder builder, BundledFiles loaded) {
        Map<String, String> versions = new LinkedHashMap<>();
        Map<String, XdmValue> lists = new HashMap<>();
        for (String resource : loaded.names()) {
            XdmNode list = root(builder, loaded, resource);
            String id = list.attribute("identifiant");
            versions.put(id, list.attribute("version"));
            Map<String, XdmValue> codes = new HashMap<>();
            for (XdmNode code : list.children(Namespaces.CODE_LISTS, "Code")) {
                codes.put(code.attribute("valeur"), code);
            }
            lists.put(id, XdmMap.makeMap(codes));
        }
        return new CodeLists(loaded, versions, XdmMap.makeMap(lists));
    }

    /** Returns each list's version by list identifier, in file-name order. */
    public Map<String, String> versions() {
        return Map.copyOf(versions);
    }

    /** Returns the code-list files themselves, as read. */
    public BundledFiles files() {
        return files;
    }

    /** Returns the hex SHA-256 of the code-list files concatenated in file-name order. */
    public String sha256() {
        return files.sha256();
    }

    /**
     * Returns the identifier of the whole set, e.g.
     * {@code ao-filiales@2026.1,…,territoire-regions@2026.1;sha256=…}: PMO {@code version-listes}.
     */
    public String identifier() {
        return identifier;
    }

    /** Returns the lists as the XDM map the stylesheets and the rules take as their {@code $listes} parameter. */
    public XdmMap asParameter() {
        return map;
    }

    /**
     * Returns the codes of list {@code target} that code {@code code} of list {@code list} corresponds to
     * ({@code lc:Correspondance}): the regions of a subsidiary in {@code ao-filiales}, say. Empty if the
     * list has no such code.
     */
    public Set<String> correspondences(String list, String code, String target) {
        XdmValue codes = map.get(list);
        XdmValue entry = codes instanceof XdmMap listMap ? listMap.get(code) : null;
        Set<String> values = new LinkedHashSet<>();
        if (entry instanceof XdmNode element) {
            for (XdmNode correspondence : element.children(Namespaces.CODE_LISTS, "Correspondance")) {
                if (target.equals(correspondence.attribute("liste"))) {
                    values.add(correspondence.attribute("valeur"));
                }
            }
        }
        return values;
    }

    private static XdmNode root(DocumentBuilder builder, BundledFiles files, String resource) {
        try {
            XdmNode document = builder.build(files.source(resource));
            for (XdmNode child : document.children()) {
                if (child.getNodeKind() == XdmNodeKind.ELEMENT && LISTE.equals(child.getNodeName())) {
                    return child;
                }
            }
            throw new SaxonApiException("not a code list (lc:ListeCodes): " + resource);
        } catch (SaxonApiException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, resource);
        }
    }
}
