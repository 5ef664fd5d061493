package ma.pmogateway.security;

import ma.pmogateway.config.GatewayConfig;

/**
 * Bounds on what an incoming XML message may contain; on by default (see gateway-defaults.properties).
 *
 * @param maxMessageBytes   size of the whole HTTP body
 * @param maxElementDepth   nesting depth of elements
 * @param maxElementCount   elements in the whole message
 * @param maxChildElements  children of any one element
 * @param maxAttributeCount attributes on any one element
 * @param maxAttributeBytes characters in one attribute value
 * @param maxTextBytes      characters in one text node, comment, or processing instruction's data
 * @param maxNameBytes      characters in one name: of an element, an attribute or a processing
 *                          instruction, a namespace prefix or a namespace URI
 */
public record XmlLimits(int maxMessageBytes, int maxElementDepth, int maxElementCount, int maxChildElements,
        int maxAttributeCount, int maxAttributeBytes, int maxTextBytes, int maxNameBytes) {

    /** Reads the limits from the {@code limits.*} keys. */
    public static XmlLimits from(GatewayConfig config) {
        return new XmlLimits(config.integer("limits.max-message-bytes"), config.integer("limits.max-element-depth"),
                config.integer("limits.max-element-count"), config.integer("limits.max-child-elements"),
                config.integer("limits.max-attribute-count"), config.integer("limits.max-attribute-bytes"),
                config.integer("limits.max-text-bytes"), config.integer("limits.max-name-bytes"));
    }
}
