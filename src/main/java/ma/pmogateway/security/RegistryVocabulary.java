package ma.pmogateway.security;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import jakarta.jws.WebMethod;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * What the entries of a sender registry may name: the operations of the service the registry guards,
 * the HCP region codes, and the HCP province codes with the region each lies in.
 *
 * <p>The gateway's registry and the PMO sandbox's caller registry guard different services, hence
 * know different operations; both take the territory from the code lists bundled with the contracts
 * ({@code territoire-regions.xml}, {@code territoire-provinces.xml}). Immutable.
 *
 * @param operations      the operation names an entry may grant
 * @param regions         the region codes an entry may grant
 * @param provinceRegions each province code an entry may grant, with the code of its region
 */
public record RegistryVocabulary(Set<String> operations, Set<String> regions, Map<String, String> provinceRegions) {

    private static final String CODES = Contract.XSD_ROOT + "codes/";

    public RegistryVocabulary {
        operations = Set.copyOf(operations);
        regions = Set.copyOf(regions);
        provinceRegions = Map.copyOf(provinceRegions);
    }

    /**
     * Returns the vocabulary of a registry guarding the service {@code serviceInterface} (a service
     * endpoint interface generated from its WSDL): its operations, and the bundled HCP territory.
     *
     * @throws GatewayException with {@link ErrorCode#ERREUR_INTERNE} if a code list is missing from the build
     */
    public static RegistryVocabulary of(Class<?> serviceInterface) {
        Set<String> operations = Arrays.stream(serviceInterface.getMethods())
                .map(method -> method.getAnnotation(WebMethod.class)).filter(annotation -> annotation != null)
                .map(WebMethod::operationName).collect(Collectors.toSet());
        Map<String, String> provinces = codes("territoire-provinces.xml");
        return new RegistryVocabulary(operations, codes("territoire-regions.xml").keySet(), provinces);
    }

    /** Returns the operations, sorted, for messages that list them. */
    String operationList() {
        return String.join(",", new TreeSet<>(operations));
    }

    /** Reads the code list {@code file}: each code's value with its parent's (empty for a top-level list). */
    private static Map<String, String> codes(String file) {
        String resource = CODES + file;
        Map<String, String> codes = new HashMap<>();
        try (InputStream in = RegistryVocabulary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("not found: " + resource);
            }
            XMLStreamReader reader = SecureXml.xmlInputFactory().createXMLStreamReader(in);
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamConstants.START_ELEMENT && "Code".equals(reader.getLocalName())
                        && Namespaces.CODE_LISTS.equals(reader.getNamespaceURI())) {
                    String parent = reader.getAttributeValue(null, "parent");
                    codes.put(reader.getAttributeValue(null, "valeur"), parent == null ? "" : parent);
                }
            }
            reader.close();
        } catch (IOException | XMLStreamException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, resource);
        }
        return codes;
    }
}
