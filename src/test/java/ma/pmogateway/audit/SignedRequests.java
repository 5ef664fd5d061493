package ma.pmogateway.audit;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.wss4j.common.WSEncryptionPart;
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.message.WSSecHeader;
import org.apache.wss4j.dom.message.WSSecSignature;
import org.apache.wss4j.dom.message.WSSecTimestamp;
import org.w3c.dom.Document;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.xml.SecureXml;

/** Builds SOAP 1.2 requests signed as the gateway's senders sign them (Timestamp and Body, RSA-SHA256). */
final class SignedRequests {

    static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    private SignedRequests() {
    }

    /** Returns a request signed by {@code identity} an hour ago, Timestamp long expired; Body signed if {@code signBody}. */
    static byte[] signed(String identity, boolean signBody) throws Exception {
        return signed(identity, signBody, true, WSConstants.SHA256);
    }

    /** As {@link #signed(String, boolean)}, the Timestamp signed if {@code signTimestamp}, digests by {@code digest}. */
    static byte[] signed(String identity, boolean signBody, boolean signTimestamp, String digest) throws Exception {
        KeyMaterial signer = Identities.of(identity);
        Document document = SecureXml.documentBuilderFactory().newDocumentBuilder().parse(new ByteArrayInputStream((
                "<env:Envelope xmlns:env=\"" + SOAP12 + "\"><env:Header/><env:Body>"
                        + "<p:Demande xmlns:p=\"urn:test\">contenu</p:Demande></env:Body></env:Envelope>")
                .getBytes(StandardCharsets.UTF_8)));
        WSSecHeader header = new WSSecHeader(document);
        header.insertSecurityHeader();
        WSSecTimestamp timestamp = new WSSecTimestamp(header);
        timestamp.setWsTimeSource(() -> Instant.now().minus(Duration.ofHours(1)));
        timestamp.setTimeToLive(300);
        timestamp.build();
        WSSecSignature signature = new WSSecSignature(header);
        signature.setUserInfo(identity, Identities.PASSWORD);
        signature.setKeyIdentifierType(WSConstants.BST_DIRECT_REFERENCE);
        signature.setSignatureAlgorithm(WSConstants.RSA_SHA256);
        signature.setDigestAlgo(digest);
        if (signTimestamp) {
            signature.getParts().add(new WSEncryptionPart("Timestamp", WSConstants.WSU_NS, ""));
        }
        if (signBody) {
            signature.getParts().add(new WSEncryptionPart("Body", SOAP12, ""));
        }
        signature.build(signer.crypto());
        return EnvelopedSignature.serialise(document);
    }
}
