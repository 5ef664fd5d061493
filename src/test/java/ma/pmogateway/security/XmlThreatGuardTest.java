package ma.pmogateway.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Reason;

/**
 * Each bound of the guard refuses with its own reason, one character past it; the same document one
 * character shorter passes. Limits are small here: 1000-byte messages, depth 4, 10 elements, 3 children,
 * 2 attributes, 8-character values, 16-character texts, 8-character names.
 */
class XmlThreatGuardTest {

    private static final XmlLimits LIMITS = new XmlLimits(1000, 4, 10, 3, 2, 8, 16, 8);
    private static final XmlThreatGuard GUARD = new XmlThreatGuard(LIMITS);

    @Test
    void acceptsDocumentAtEveryBound() {
        assertDoesNotThrow(() -> GUARD.inspect(bytes("<r xmlns:p='urn:abc' a='12345678' b='x'><?t234567 "
                + "d".repeat(16) + "?><!--" + "c".repeat(16) + "--><p:e><f><g>" + "t".repeat(16) + "</g></f></p:e></r>")));
    }

    @Test
    void refusesMessageLargerThanBound() {
        assertRefused(Reason.XML_MESSAGE_TOO_LARGE, "<r>" + " ".repeat(1000) + "</r>");
    }

    @Test
    void refusesDoctype() {
        assertRefused(Reason.XML_DOCTYPE, "<!DOCTYPE r [<!ENTITY e 'x'>]><r>&e;</r>");
    }

    @Test
    void refusesNestingDeeperThanBound() {
        assertRefused(Reason.XML_DEPTH, "<a><b><c><d><e/></d></c></b></a>");
    }

    @Test
    void refusesMoreElementsThanBound() {
        assertRefused(Reason.XML_ELEMENT_COUNT, "<r><a><b/><b/><b/></a><a><b/><b/></a><a><b/><b/></a></r>");
    }

    @Test
    void refusesMoreChildrenThanBound() {
        assertRefused(Reason.XML_CHILD_COUNT, "<r><a/><a/><a/><a/></r>");
    }

    @Test
    void refusesMoreAttributesThanBound() {
        assertRefused(Reason.XML_ATTRIBUTE_COUNT, "<r a='1' b='2' c='3'/>");
    }

    @Test
    void refusesAttributeValueLongerThanBound() {
        assertRefused(Reason.XML_ATTRIBUTE_SIZE, "<r a='123456789'/>");
    }

    @Test
    void refusesTextLongerThanBound() {
        assertRefused(Reason.XML_TEXT_SIZE, "<r>" + "t".repeat(17) + "</r>");
    }

    @Test
    void refusesTextWhoseCdataAndCharactersTogetherExceedBound() {
        assertRefused(Reason.XML_TEXT_SIZE, "<r>" + "t".repeat(9) + "<![CDATA[" + "c".repeat(8) + "]]></r>");
    }

    @Test
    void refusesCommentLongerThanBound() {
        assertRefused(Reason.XML_COMMENT_SIZE, "<r><!--" + "c".repeat(17) + "--></r>");
    }

    @Test
    void refusesCommentBeforeRootLongerThanBound() {
        assertRefused(Reason.XML_COMMENT_SIZE, "<!--" + "c".repeat(17) + "--><r/>");
    }

    @Test
    void refusesProcessingInstructionDataLongerThanBound() {
        assertRefused(Reason.XML_PI_SIZE, "<r><?t " + "d".repeat(17) + "?></r>");
    }

    @Test
    void refusesProcessingInstructionTargetLongerThanBound() {
        assertRefused(Reason.XML_NAME_SIZE, "<r><?t23456789 d?></r>");
    }

    @Test
    void refusesElementNameLongerThanBound() {
        assertRefused(Reason.XML_NAME_SIZE, "<r><e23456789/></r>");
    }

    @Test
    void refusesAttributeNameLongerThanBound() {
        assertRefused(Reason.XML_NAME_SIZE, "<r a23456789='v'/>");
    }

    @Test
    void refusesPrefixLongerThanBound() {
        assertRefused(Reason.XML_NAME_SIZE, "<p23456789:r xmlns:p23456789='urn:a'/>");
    }

    @Test
    void refusesNamespaceUriLongerThanBound() {
        assertRefused(Reason.XML_NAME_SIZE, "<r xmlns='urn:56789'/>");
    }

    /** Woodstox bounds namespace URIs to 512 KiB itself; the guard, not the parser, must say why. */
    @Test
    void refusesMegabyteNamespaceUriAsNameSize() {
        XmlThreatGuard guard = new XmlThreatGuard(new XmlLimits(5 << 20, 64, 1000, 100, 64, 4096, 65536, 256));
        GatewayException refusal = assertThrows(GatewayException.class,
                () -> guard.inspect(bytes("<r xmlns='urn:" + "u".repeat(1 << 20) + "'/>")));
        assertEquals(Reason.XML_NAME_SIZE, refusal.reason());
    }

    /** Likewise attribute values above Woodstox's 512 KiB. */
    @Test
    void refusesMegabyteAttributeValueAsAttributeSize() {
        XmlThreatGuard guard = new XmlThreatGuard(new XmlLimits(5 << 20, 64, 1000, 100, 64, 4096, 65536, 256));
        GatewayException refusal = assertThrows(GatewayException.class,
                () -> guard.inspect(bytes("<r a='" + "v".repeat(1 << 20) + "'/>")));
        assertEquals(Reason.XML_ATTRIBUTE_SIZE, refusal.reason());
    }

    @Test
    void refusesMalformedXmlAsUnreadable() {
        assertRefused(Reason.XML_UNREADABLE, "<r><a></r>");
    }

    private static void assertRefused(Reason reason, String xml) {
        GatewayException refusal = assertThrows(GatewayException.class, () -> GUARD.inspect(bytes(xml)));
        assertEquals(ErrorCode.XML_REFUSE, refusal.code());
        assertEquals(reason, refusal.reason(), () -> String.valueOf(refusal.getCause()));
    }

    private static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }
}
