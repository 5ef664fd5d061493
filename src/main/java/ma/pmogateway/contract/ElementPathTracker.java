package ma.pmogateway.contract;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * A SAX filter that knows, at every event, the XPath of the element being read.
 *
 * <p>It sits in front of the schema validator: an element is pushed before the validator sees its
 * start tag and popped after the validator has seen its end tag, so an error the validator raises
 * on either tag is reported with that element's path. Steps are {@code prefix:Name[n]}, with the
 * gateway's fixed prefixes ({@link Namespaces#PREFIXES}), {@code Q{uri}Name} for other namespaces,
 * and the position n always written.
 */
final class ElementPathTracker extends XMLFilterImpl {

    private final Deque<String> steps = new ArrayDeque<>();
    private final Deque<Map<String, Integer>> siblingCounts = new ArrayDeque<>();
    private String rootNamespace = "";

    ElementPathTracker() {
        siblingCounts.push(new HashMap<>());
    }

    /** Returns the path of the current element, or {@code /} outside the root element. */
    String currentPath() {
        if (steps.isEmpty()) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        steps.descendingIterator().forEachRemaining(step -> path.append('/').append(step));
        return path.toString();
    }

    /** Returns the namespace of the root element read, "" if it has none or none was read yet. */
    String rootNamespace() {
        return rootNamespace;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        if (steps.isEmpty() && siblingCounts.size() == 1 && siblingCounts.peek().isEmpty()) {
            rootNamespace = uri == null ? "" : uri;
        }
        String name = stepName(uri, localName);
        int position = siblingCounts.peek().merge(name, 1, Integer::sum);
        steps.push(name + '[' + position + ']');
        siblingCounts.push(new HashMap<>());
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        super.endElement(uri, localName, qName);
        steps.pop();
        siblingCounts.pop();
    }

    private static String stepName(String uri, String localName) {
        if (uri == null || uri.isEmpty()) {
            return localName;
        }
        String prefix = Namespaces.PREFIXES.get(uri);
        return prefix != null ? prefix + ':' + localName : "Q{" + uri + '}' + localName;
    }
}
