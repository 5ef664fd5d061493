package ma.pmogateway.contract;

import java.util.Optional;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Where a submitted batch (EnvoiFichesProjets, EnvoiSituations) stands in a SOAP Body: the operation
 * element's first child element, or, for a dry run, the first child of its EnvoiAValider. The one rule by
 * which the gateway takes a batch to check and translate it, and the audit takes it again to re-run the
 * translation.
 */
public final class BatchElement {

    private static final String DRY_RUN_WRAPPER = "EnvoiAValider";

    private BatchElement() {
    }

    /** Returns the batch element inside {@code body}, or empty if the Body holds none. */
    public static Optional<Element> in(Element body) {
        Optional<Element> element = firstElement(body).flatMap(BatchElement::firstElement);
        if (element.isPresent() && DRY_RUN_WRAPPER.equals(element.get().getLocalName())) {
            return firstElement(element.get());
        }
        return element;
    }

    private static Optional<Element> firstElement(Node parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }
}
