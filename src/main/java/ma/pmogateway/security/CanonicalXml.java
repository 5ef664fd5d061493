package ma.pmogateway.security;

import java.io.ByteArrayOutputStream;

import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.c14n.InvalidCanonicalizerException;
import org.apache.xml.security.c14n.CanonicalizationException;
import org.w3c.dom.Element;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;

/**
 * An element's exclusive canonical form (XML-EXC-C14N, without comments): the same content gives the
 * same bytes whatever envelope, namespace declarations or attribute layout it travelled with. Used to
 * identify a batch's content and to hand the verified payload, as a document of its own, to the rules
 * and the transformation.
 */
public final class CanonicalXml {

    static {
        org.apache.xml.security.Init.init();
    }

    private CanonicalXml() {
    }

    /** Returns the UTF-8 bytes of {@code element} canonicalised with exclusive C14N (no comments). */
    public static byte[] exclusive(Element element) {
        try {
            ByteArrayOutputStream canonical = new ByteArrayOutputStream();
            Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(element, canonical);
            return canonical.toByteArray();
        } catch (InvalidCanonicalizerException | CanonicalizationException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "c14n");
        }
    }
}
