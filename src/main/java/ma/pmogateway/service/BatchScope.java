package ma.pmogateway.service;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.journal.Place;
import ma.pmogateway.journal.Submission;

/**
 * What the message path needs to know of a batch besides its rules, read from the verified batch element
 * itself (the one the rules and the transformation read, in its canonical form): its id, who it says sent
 * it, and which projects it is about, with the places a fiche gives them and the progress a report states.
 *
 * <p>Read leniently (a missing element reads as empty): the dry run reports a batch the schema refused
 * with its id and size; dates and progress are read only once the schema accepted them.
 *
 * @param fiches   true for project records (EnvoiFichesProjets), false for progress reports
 * @param rootPath the batch element's XPath within the batch document, e.g. {@code /ao:EnvoiSituations[1]}
 * @param batchId  the header's IdentifiantEnvoi
 * @param emetteur the header's Emetteur
 * @param asOf     the header's DateArrete, as written
 * @param projects the fiches or situations, in batch order
 */
record BatchScope(boolean fiches, String rootPath, String batchId, String emetteur, String asOf,
        List<Project> projects) {

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
     * @param asOf     for a situation, its DateArrete as written; null for a fiche (the header's date)
     * @param progress for a situation, its AvancementPhysique as written; null for a fiche
     * @param amounts  for a situation, its MontantEngage, MontantEmis and MontantPaye as written; empty for a fiche
     */
    record Project(String path, String code, String filiale, Set<Place> places, String asOf, String progress,
            List<String> amounts) {

        Project {
            places = Set.copyOf(places);
            amounts = List.copyOf(amounts);
        }
    }

    /** The operation of the PMO that takes this kind of batch. */
    String pmoOperation() {
        return fiches ? "DeposerFiches" : "DeposerSituations";
    }

    /** The items of the batch as the journal records them: rank, project, nature and as-of date. */
    List<Submission.Item> items() {
        List<Submission.Item> items = new ArrayList<>();
        for (Project project : projects) {
            items.add(new Submission.Item(items.size() + 1, project.code(), fiches ? "FICHE_PROJET" : "SITUATION",
                    date(fiches ? asOf : project.asOf())));
        }
        return items;
    }

    /**
     * For progress reports, the physical progress and cumulative amounts each states, in batch order; none
     * for project records.
     */
    List<Submission.Progress> progress() {
        return fiches ? List.of() : projects.stream().map(project -> new Submission.Progress(project.code(),
                date(project.asOf()), new BigDecimal(project.progress()), new Submission.Amounts(
                        new BigDecimal(project.amounts().get(0)), new BigDecimal(project.amounts().get(1)),
                        new BigDecimal(project.amounts().get(2))))).toList();
    }

    /** For project records, where each project lies from now on; progress reports change nothing there. */
    Map<String, Set<Place>> places() {
        Map<String, Set<Place>> places = new LinkedHashMap<>();
        if (fiches) {
            projects.forEach(project -> places.put(project.code(), project.places()));
        }
        return places;
    }

    /** An xs:date of the batch (schema-valid by then), without the time zone it may carry. */
    private static LocalDate date(String lexical) {
        return LocalDate.parse(lexical, DateTimeFormatter.ISO_DATE);
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
            projects.add(fiches
                    ? new Project(path, text(element, "CodeProjet"), text(element, "Filiale"), places(element), null, null,
                            List.of())
                    : new Project(path, text(element, "CodeProjet"), null, Set.of(), text(element, "DateArrete"),
                            text(element, "AvancementPhysique"), amounts(element)));
        }
        Optional<Element> header = children(root, "EnTete").stream().findFirst();
        return Optional.of(new BatchScope(fiches, rootPath, header.map(h -> text(h, "IdentifiantEnvoi")).orElse(""),
                header.map(h -> text(h, "Emetteur")).orElse(""), header.map(h -> text(h, "DateArrete")).orElse(""),
                projects));
    }

    /** A situation's cumulative amounts, as written, in the order of ExecutionFinanciere. */
    private static List<String> amounts(Element situation) {
        Optional<Element> execution = children(situation, "ExecutionFinanciere").stream().findFirst();
        return List.of("MontantEngage", "MontantEmis", "MontantPaye").stream()
                .map(name -> execution.map(element -> text(element, name)).orElse("")).toList();
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
