package ma.pmogateway.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The manifest of an evidence bundle ({@code manifest.xml}): facts about the exchange, every file of
 * the bundle with its role and SHA-256, what is deliberately absent and why, and the same digests as
 * {@code sha256sum} lines, so that an auditor can check the files with standard tools.
 *
 * <p>Element names are in the namespace {@link CheckpointSigner#NAMESPACE}; the document is signed with
 * an enveloped signature by {@link EvidenceBundle} and checked by {@link BundleVerifier}.
 */
final class Manifest {

    /** Name of the manifest in the bundle. */
    static final String FILE_NAME = "manifest.xml";

    /** The fact holding when the exchange was received (ISO-8601 instant): the date its signer is checked at. */
    static final String RECEIVED_AT = "recu-le";
    /** The fact holding when the answer was sent (ISO-8601 instant). */
    static final String ANSWERED_AT = "reponse-envoyee-le";
    /** The fact holding when the PMO acknowledged the delivery (ISO-8601 instant). */
    static final String DELIVERED_AT = "livre-le";

    private static final String PREFIX = "audit:";

    /** One file of the bundle: its name in the zip, what it is, and its SHA-256 (lower-case hex). */
    record Entry(String name, String role, String sha256) {
    }

    private final Map<String, String> facts;
    private final List<Entry> entries;
    private final Map<String, String> absent;

    private Manifest(Map<String, String> facts, List<Entry> entries, Map<String, String> absent) {
        this.facts = facts;
        this.entries = entries;
        this.absent = absent;
    }

    /** Returns an empty manifest to fill. */
    static Manifest create() {
        return new Manifest(new LinkedHashMap<>(), new ArrayList<>(), new LinkedHashMap<>());
    }

    /** Records the fact {@code name} (an attribute of {@code audit:echange}) if {@code value} is not null. */
    Manifest fact(String name, Object value) {
        if (value != null) {
            facts.put(name, value.toString());
        }
        return this;
    }

    /** Lists a file of the bundle. */
    Manifest file(String name, String role, String sha256) {
        entries.add(new Entry(name, role, sha256));
        return this;
    }

    /** Records that the item {@code role} is not in the bundle, and why (French / English text). */
    Manifest absent(String role, String why) {
        absent.put(role, why);
        return this;
    }

    /** Returns the listed files, in order. */
    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Returns the recorded facts. */
    Map<String, String> facts() {
        return Map.copyOf(facts);
    }

    /** Returns the digests as {@code sha256sum} prints them: {@code <hex>  <name>}, one line each. */
    String sha256sumLines() {
        StringBuilder lines = new StringBuilder();
        for (Entry entry : entries) {
            lines.append(entry.sha256()).append("  ").append(entry.name()).append('\n');
        }
        return lines.toString();
    }

    /** Returns the unsigned manifest document. */
    Document toDocument() {
        Document document = EnvelopedSignature.newDocument(CheckpointSigner.NAMESPACE, PREFIX + "manifeste");
        Element root = document.getDocumentElement();
        root.setAttribute("version", "1");
        Element exchange = child(root, "echange");
        facts.forEach(exchange::setAttribute);
        for (Entry entry : entries) {
            Element file = child(root, "fichier");
            file.setAttribute("nom", entry.name());
            file.setAttribute("role", entry.role());
            file.setAttribute("sha256", entry.sha256());
        }
        absent.forEach((role, why) -> {
            Element item = child(root, "absent");
            item.setAttribute("role", role);
            item.setTextContent(why);
        });
        child(root, "sha256sum").setTextContent(sha256sumLines());
        return document;
    }

    /**
     * Returns the manifest that {@code document} holds, and checks that its {@code sha256sum} lines say the
     * same as its file list.
     *
     * @throws VerificationFailure if it is not a manifest or the two lists disagree
     */
    static Manifest read(Document document) throws VerificationFailure {
        Element root = document.getDocumentElement();
        if (!CheckpointSigner.NAMESPACE.equals(root.getNamespaceURI()) || !"manifeste".equals(root.getLocalName())) {
            throw new VerificationFailure("not a bundle manifest", null);
        }
        Manifest manifest = create();
        String sums = null;
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && CheckpointSigner.NAMESPACE.equals(element.getNamespaceURI())) {
                switch (element.getLocalName()) {
                    case "echange" -> {
                        for (int a = 0; a < element.getAttributes().getLength(); a++) {
                            Node attribute = element.getAttributes().item(a);
                            manifest.fact(attribute.getNodeName(), attribute.getNodeValue());
                        }
                    }
                    case "fichier" -> manifest.file(element.getAttribute("nom"), element.getAttribute("role"),
                            element.getAttribute("sha256"));
                    case "absent" -> manifest.absent(element.getAttribute("role"), element.getTextContent());
                    case "sha256sum" -> sums = element.getTextContent();
                    default -> throw new VerificationFailure("unexpected element " + element.getLocalName(), null);
                }
            }
        }
        if (!manifest.sha256sumLines().equals(sums)) {
            throw new VerificationFailure("the sha256sum lines disagree with the file list", null);
        }
        return manifest;
    }

    private static Element child(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElementNS(CheckpointSigner.NAMESPACE, PREFIX + name);
        parent.appendChild(element);
        return element;
    }
}
