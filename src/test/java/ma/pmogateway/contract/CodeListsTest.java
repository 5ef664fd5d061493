package ma.pmogateway.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import ma.pmogateway.xml.SecureXml;

/**
 * The versioned code lists conform to their format, every mapping points at an existing code,
 * and the territorial hierarchy (commune → province → region) is complete and consistent.
 */
class CodeListsTest {

    private static final Path CODES = Path.of("xsd/codes");
    private static final ContractValidator VALIDATOR = new ContractValidator(new ContractSchemas());

    /** identifiant → (code value → its Code element). */
    private static final Map<String, Map<String, Element>> LISTS = new HashMap<>();

    @BeforeAll
    static void loadLists() throws Exception {
        for (Path file : codeListFiles().toList()) {
            Document document = SecureXml.documentBuilderFactory().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(Samples.read(file)));
            Map<String, Element> codes = new HashMap<>();
            for (Element code : elements(document.getDocumentElement(), "Code")) {
                codes.put(code.getAttribute("valeur"), code);
            }
            LISTS.put(document.getDocumentElement().getAttribute("identifiant"), codes);
        }
    }

    static Stream<Path> codeListFiles() {
        return Samples.xmlFiles(CODES).stream();
    }

    @ParameterizedTest
    @MethodSource("codeListFiles")
    void codeListConformsToTheCodeListFormat(Path file) {
        assertEquals(List.of(), VALIDATOR.validate(Contract.CODE_LISTS, Samples.read(file)), file.toString());
    }

    @Test
    void everyMappingPointsAtAnExistingCodeOfItsTargetList() {
        List<String> dangling = new ArrayList<>();
        LISTS.forEach((list, codes) -> codes.forEach((value, code) -> {
            for (Element mapping : elements(code, "Correspondance")) {
                Map<String, Element> target = LISTS.get(mapping.getAttribute("liste"));
                if (target == null || !target.containsKey(mapping.getAttribute("valeur"))) {
                    dangling.add(list + "/" + value + " -> " + mapping.getAttribute("liste") + "/"
                            + mapping.getAttribute("valeur"));
                }
            }
        }));
        assertEquals(List.of(), dangling);
    }

    @Test
    void everyAlOmraneCodeIsMappedToThePmoNomenclature() {
        assertAllMappedTo("ao-programmes", "pmo-secteurs");
        assertAllMappedTo("ao-statuts", "pmo-etats");
        assertAllMappedTo("ao-types-partenaires", "pmo-categories-financement");
        assertAllMappedTo("ao-unites", "pmo-indicateurs");
        assertAllMappedTo("ao-filiales", "territoire-regions");
    }

    /**
     * Each unit becomes at most one PMO indicator of a report (planned quantities are unique per unit,
     * R-QTE-002 and the fiche's key; realised ones by the schema), and a PMO report takes at most 20.
     */
    @Test
    void unitsAreFewEnoughForTheIndicatorsOfOneReport() {
        assertTrue(LISTS.get("ao-unites").size() <= 20, LISTS.get("ao-unites").keySet().toString());
    }

    @Test
    void territorialListsHoldTheOfficialDivisionWithConsistentParents() {
        Map<String, Element> regions = LISTS.get("territoire-regions");
        Map<String, Element> provinces = LISTS.get("territoire-provinces");
        Map<String, Element> communes = LISTS.get("territoire-communes");
        assertEquals(12, regions.size());
        assertEquals(75, provinces.size());
        assertEquals(1503, communes.size());
        provinces.forEach((code, province) -> {
            assertTrue(regions.containsKey(province.getAttribute("parent")), code);
            assertTrue(code.startsWith(province.getAttribute("parent") + "."), code);
        });
        communes.forEach((code, commune) -> {
            assertTrue(provinces.containsKey(commune.getAttribute("parent")), code);
            assertTrue(code.startsWith(commune.getAttribute("parent") + "."), code);
        });
    }

    private static void assertAllMappedTo(String list, String target) {
        LISTS.get(list).forEach((value, code) -> assertTrue(
                elements(code, "Correspondance").stream().anyMatch(m -> target.equals(m.getAttribute("liste"))),
                list + "/" + value + " has no mapping to " + target));
    }

    private static List<Element> elements(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS(Namespaces.CODE_LISTS, localName);
        List<Element> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add((Element) nodes.item(i));
        }
        return result;
    }
}
