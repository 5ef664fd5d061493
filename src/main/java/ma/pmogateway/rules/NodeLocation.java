package ma.pmogateway.rules;

import java.util.Set;

import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;

import ma.pmogateway.contract.Namespaces;
import ma.pmogateway.error.Problem;

/**
 * Where a node is in a submitted document: its XPath in the gateway's one location format (that of
 * the contract validator) and its line and column in the text, so schema and business-rule problems
 * read alike.
 *
 * @param xpath  steps {@code prefix:Name[n]} with the prefixes of {@link Namespaces#PREFIXES}
 *               ({@code Q{uri}Name} for another namespace), always indexed; {@code /@name} for an
 *               attribute; {@code /} for the document itself
 * @param line   1-based line, or -1 if the tree was built without line numbers
 * @param column 1-based column, or -1
 * @param item   the 1-based rank of the batch item (FicheProjet, SituationAvancement) the node is in,
 *               or {@link Problem#NO_ITEM} for a node outside every item (the header)
 */
record NodeLocation(String xpath, int line, int column, int item) {

    /** The elements of a batch that its receipt answers one by one, children of the batch element. */
    private static final Set<QName> ITEMS = Set.of(new QName(Namespaces.AO, "FicheProjet"),
            new QName(Namespaces.AO, "SituationAvancement"));

    /** Returns the location of {@code node}; an attribute is placed on its element's line. */
    static NodeLocation of(XdmNode node) {
        XdmNode positioned = node.getNodeKind() == XdmNodeKind.ATTRIBUTE ? node.getParent() : node;
        return new NodeLocation(xpath(node), positioned.getLineNumber(), positioned.getColumnNumber(), item(node));
    }

    /** The rank of the item that is {@code node} or holds it: the child of the batch element on its way up. */
    private static int item(XdmNode node) {
        XdmNode step = node;
        while (step.getParent() != null && step.getParent().getParent() != null
                && step.getParent().getParent().getNodeKind() != XdmNodeKind.DOCUMENT) {
            step = step.getParent();
        }
        boolean isItem = step.getNodeKind() == XdmNodeKind.ELEMENT && step.getParent() != null
                && step.getParent().getNodeKind() == XdmNodeKind.ELEMENT && ITEMS.contains(step.getNodeName());
        return isItem ? position(step) : Problem.NO_ITEM;
    }

    private static String xpath(XdmNode node) {
        StringBuilder path = new StringBuilder();
        for (XdmNode step = node; step != null && step.getNodeKind() != XdmNodeKind.DOCUMENT; step = step.getParent()) {
            path.insert(0, step(step)).insert(0, '/');
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    private static String step(XdmNode node) {
        if (node.getNodeKind() == XdmNodeKind.ATTRIBUTE) {
            return "@" + name(node.getNodeName());
        }
        return name(node.getNodeName()) + '[' + position(node) + ']';
    }

    /** The 1-based position of element {@code node} among its parent's children of its name. */
    private static int position(XdmNode node) {
        int position = 1;
        for (XdmNode sibling : node.getParent().children()) {
            if (sibling.equals(node)) {
                break;
            }
            if (node.getNodeName().equals(sibling.getNodeName())) {
                position++;
            }
        }
        return position;
    }

    private static String name(QName name) {
        String uri = name.getNamespace();
        if (uri.isEmpty()) {
            return name.getLocalName();
        }
        String prefix = Namespaces.PREFIXES.get(uri);
        if (prefix == null && "http://www.w3.org/XML/1998/namespace".equals(uri)) {
            prefix = "xml";
        }
        return prefix != null ? prefix + ':' + name.getLocalName() : "Q{" + uri + '}' + name.getLocalName();
    }
}
