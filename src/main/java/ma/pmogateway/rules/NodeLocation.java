package ma.pmogateway.rules;

import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;

import ma.pmogateway.contract.Namespaces;

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
 */
record NodeLocation(String xpath, int line, int column) {

    /** Returns the location of {@code node}; an attribute is placed on its element's line. */
    static NodeLocation of(XdmNode node) {
        XdmNode positioned = node.getNodeKind() == XdmNodeKind.ATTRIBUTE ? node.getParent() : node;
        return new NodeLocation(xpath(node), positioned.getLineNumber(), positioned.getColumnNumber());
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
        int position = 1;
        for (XdmNode sibling : node.getParent().children()) {
            if (sibling.equals(node)) {
                break;
            }
            if (node.getNodeName().equals(sibling.getNodeName())) {
                position++;
            }
        }
        return name(node.getNodeName()) + '[' + position + ']';
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
