package ma.pmogateway.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.journal.Place;

/**
 * What authorisation needs to know of a batch, read from the verified batch element itself (the one the
 * rules and the transformation read, in its canonical form): who it says sent it, and which projects it
 * is about, with the places a fiche gives them.
 *
 * @param fiches   true for project records (EnvoiFichesProjets), false for progress reports
 * @param rootPath the batch element's XPath within the batch document, e.g. {@code /ao:EnvoiSituations[1]}
 * @param emetteur the header's Emetteur
 * @param projects the fiches or situations, in batch order
 */
record BatchScope(boolean fiches, String rootPath, String emetteur, List<Project> projects) {

    BatchScope {
        projects = List.copyOf(projects);
    }

    /**
     * One fiche or situation of the batch.
     *
     * @param path     its XPath in the batch document, e.g. {@code /ao:EnvoiFichesProjets[1]/ao:FicheProjet[2]}
     * @param code     its CodeProjet
     * @param filiale  for a fiche, the subsidiary it names (Filiale); null for a situation
     * @param places   for a fiche, where it puts the project; empty for a situation
     */
    record Project(String path, String code, String filiale, Set<Place> places) {

        Project {
            places = Set.copyOf(places);
        }
    }

    /** Returns the projects' codes, without repetition, in batch order. */
    Set<String> codes() {
        Set<String> codes = new LinkedHashSet<>();
        projects.forEach(project -> codes.add(project.code()));
        return codes;
    }

    /**
     * Reads the batch element {@code root} (EnvoiFichesProjets or EnvoiSituations), or returns empty if
     * it is neither: the schema check reports it then.
     */
    static Optional<BatchScope> of(Element root) {
        if (!Namespaces.AO.equals(root.getNamespaceURI())) {
            return Optional.empty();
        }
        boolean fiches = "EnvoiFichesProjets".equals(root.getLocalName());
        if (!fiches && !"EnvoiSituations".equals(root.getLocalName())) {
            return Optional.empty();
        }
        String rootPath = "/ao:" + root.getLocalName() + "[1]";
        String item = fiches ? "FicheProjet" : "SituationAvancement";
        List<Project> projects = new ArrayList<>();
        for (Element element : children(root, item)) {
            String path = rootPath + "/ao:" + item + "[" + (projects.size() + 1) + "]";
            projects.add(new Project(path, text(element, "CodeProjet"), fiches ? text(element, "Filiale") : null,
                    fiches ? places(element) : Set.of()));
        }
        return Optional.of(new BatchScope(fiches, rootPath,
                children(root, "EnTete").stream().findFirst().map(header -> text(header, "Emetteur")).orElse(""),
                projects));
    }

    private static Set<Place> places(Element fiche) {
        Set<Place> places = new LinkedHashSet<>();
        for (Element locations : children(fiche, "Localisations")) {
            for (Element location : children(locations, "Localisation")) {
                places.add(new Place(text(location, "Region"), text(location, "Province")));
            }
        }
        return places;
    }

    /** The collapsed text of {@code parent}'s first {@code name} child (the schema's xs:token), or "". */
    private static String text(Element parent, String name) {
        return children(parent, name).stream().findFirst().map(Node::getTextContent).map(String::strip).orElse("");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> children = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && Namespaces.AO.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                children.add(element);
            }
        }
        return children;
    }
}
