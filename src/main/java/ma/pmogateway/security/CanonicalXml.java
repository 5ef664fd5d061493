package ma.pmogateway.security;

import java.io.ByteArrayOutputStream;

import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.c14n.InvalidCanonicalizerException;
import org.apache.xml.security.c14n.CanonicalizationException;
import org.w3c.dom.Element;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.support.Sha256;

/**
 * The SHA-256 of an element's exclusive canonical form: the same content gives the same digest
 * whatever envelope, prefixes or whitespace between attributes it travelled with.
 */
public final class PayloadDigest {

    static {
        org.apache.xml.security.Init.init();
    }

    private PayloadDigest() {
    }

    /** Returns the lower-case hex SHA-256 of {@code element} canonicalised with exclusive C14N (no comments). */
    public static String of(Element element) {
        try {
            ByteArrayOutputStream canonical = new ByteArrayOutputStream();
            Canonicalizer.getInstance(Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS).canonicalizeSubtree(element, canonical);
            return Sha256.hex(canonical.toByteArray());
        } catch (InvalidCanonicalizerException | CanonicalizationException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "c14n");
        }
    }
}
