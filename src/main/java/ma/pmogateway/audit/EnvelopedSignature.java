package ma.pmogateway.audit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import javax.xml.transform.TransformerException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.xml.security.Init;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.utils.Constants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * Signs and verifies small audit documents (checkpoints, bundle manifests) with one enveloped XML
 * Signature over the whole document: RSA-SHA256, SHA-256 digest, exclusive C14N, the signer's
 * certificate in {@code KeyInfo}, so that {@code xmlsec1 --verify} checks it without options.
 *
 * <p>Verification is strict about <em>what</em> is signed: exactly one {@code ds:Signature}, a child
 * of the document element, with one reference to the whole document ({@code URI=""}), the enveloped
 * transform and exclusive C14N only. Which certificate is trusted is the caller's decision.
 */
final class EnvelopedSignature {

    private static final String DIGEST_SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256";

    static {
        Init.init();
    }

    private EnvelopedSignature() {
    }

    /** Appends to {@code document}'s element an enveloped signature made with {@code key}, naming {@code certificate}. */
    static void sign(Document document, PrivateKey key, X509Certificate certificate) {
        try {
            XMLSignature signature = new XMLSignature(document, "", XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
                    Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            document.getDocumentElement().appendChild(signature.getElement());
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("", transforms, DIGEST_SHA256);
            signature.addKeyInfo(certificate);
            signature.sign(key);
        } catch (XMLSecurityException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "audit signature");
        }
    }

    /**
     * Returns the certificate whose key made {@code document}'s enveloped signature, after checking the
     * signature's shape and value.
     *
     * @throws VerificationFailure naming what is wrong, if the signature is missing, not of the expected shape or does
     *                 not verify
     */
    static X509Certificate verify(Document document) throws VerificationFailure {
        Element root = document.getDocumentElement();
        NodeList all = document.getElementsByTagNameNS(Constants.SignatureSpecNS, "Signature");
        if (all.getLength() != 1 || all.item(0).getParentNode() != root) {
            throw new VerificationFailure("expected exactly one ds:Signature, child of the document element; found "
                    + all.getLength(), null);
        }
        try {
            XMLSignature signature = new XMLSignature((Element) all.item(0), "", true);
            requireShape(signature);
            X509Certificate signer = signature.getKeyInfo() == null ? null : signature.getKeyInfo().getX509Certificate();
            if (signer == null) {
                throw new VerificationFailure("no X.509 certificate in KeyInfo", null);
            }
            if (!signature.checkSignatureValue(signer)) {
                throw new VerificationFailure("signature value or digest does not verify (content altered?)", null);
            }
            return signer;
        } catch (XMLSecurityException e) {
            throw new VerificationFailure("signature cannot be verified: " + e.getMessage(), e);
        }
    }

    private static void requireShape(XMLSignature signature) throws XMLSecurityException, VerificationFailure {
        if (!XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256.equals(signature.getSignedInfo().getSignatureMethodURI())) {
            throw new VerificationFailure("signature method " + signature.getSignedInfo().getSignatureMethodURI()
                    + " is not RSA-SHA256", null);
        }
        if (signature.getSignedInfo().getLength() != 1) {
            throw new VerificationFailure("expected one reference, found " + signature.getSignedInfo().getLength(), null);
        }
        Reference reference = signature.getSignedInfo().item(0);
        if (!"".equals(reference.getURI())) {
            throw new VerificationFailure("the reference does not cover the whole document (URI=\"" + reference.getURI() + "\")",
                    null);
        }
        Transforms transforms = reference.getTransforms();
        if (transforms == null || transforms.getLength() != 2
                || !Transforms.TRANSFORM_ENVELOPED_SIGNATURE.equals(transforms.item(0).getURI())
                || !Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS.equals(transforms.item(1).getURI())) {
            throw new VerificationFailure("transforms are not enveloped-signature then exclusive C14N", null);
        }
    }

    /**
     * Returns a new document whose element is {@code qualifiedName} in {@code namespace}, with the namespace
     * declared as an attribute: canonicalisation of the unparsed tree at signing time sees only declared
     * namespaces, and must see what a verifier will parse.
     */
    static Document newDocument(String namespace, String qualifiedName) {
        Document document = SecureXml.documentBuilder().newDocument();
        Element root = document.createElementNS(namespace, qualifiedName);
        int colon = qualifiedName.indexOf(':');
        root.setAttributeNS("http://www.w3.org/2000/xmlns/",
                colon < 0 ? "xmlns" : "xmlns:" + qualifiedName.substring(0, colon), namespace);
        document.appendChild(root);
        return document;
    }

    /**
     * Returns {@code bytes} parsed by the hardened factory.
     *
     * @throws VerificationFailure if they are not well-formed XML (or declare a DOCTYPE)
     */
    static Document parse(byte[] bytes) throws VerificationFailure {
        try {
            return SecureXml.documentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (SAXException | IOException e) {
            throw new VerificationFailure("not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Returns {@code node} serialised as UTF-8, without pretty-printing (a signed tree must keep its bytes). */
    static byte[] serialise(Node node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            SecureXml.transformerFactory().newTransformer().transform(new DOMSource(node), new StreamResult(out));
        } catch (TransformerException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "audit document");
        }
        return out.toByteArray();
    }
}
