package ma.pmogateway.it.security;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.Reason;

/**
 * Whatever reaches the gateway's addresses, whatever its HTTP method or charset, is answered with a
 * SOAP fault of the address's SOAP version naming the client as the party at fault, and its
 * correlation id is a REJETE journal record with the precise reason: never a container error page,
 * never a stack trace or a server version. Each case runs at the SOAP 1.2 and at the SOAP 1.1 address.
 */
class TransportRefusalIT extends GatewayTest {

    private static final String ACTION = RawSoapClient.ACTION_PREFIX + "SoumettreProjets";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Mistake: a method other than POST (GET without a document query included). Expected: HTTP_METHOD_NOT_ALLOWED. */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"GET, SOAP_12", "GET, SOAP_11", "PUT, SOAP_12", "PUT, SOAP_11", "DELETE, SOAP_12",
        "DELETE, SOAP_11", "OPTIONS, SOAP_12", "OPTIONS, SOAP_11", "PATCH, SOAP_12", "PATCH, SOAP_11"})
    void refusesMethodOtherThanPost(String method, SoapVersion version) {
        byte[] body = Envelopes.serialize(request(casablancaFiches()).over(version).build());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address(version)))
                .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        version.describe(request, ACTION);
        assertClientMistake(exchange(request), version, Reason.HTTP_METHOD_NOT_ALLOWED);
    }

    /**
     * Mistake: a bare PUT, no Content-Type, no body (HTTP's default charset would be ISO-8859-1).
     * Expected: HTTP_METHOD_NOT_ALLOWED, answered in UTF-8 like every answer.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void answersABareRequestInUtf8(SoapVersion version) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address(version)))
                .method("PUT", HttpRequest.BodyPublishers.noBody());
        assertClientMistake(exchange(request), version, Reason.HTTP_METHOD_NOT_ALLOWED);
    }

    /**
     * Mistake: a correctly signed payload naming no operation of the service, sent by the head office
     * (registered for every operation). Expected: SOAP_OPERATION_UNKNOWN, before any right is looked at.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesAPayloadNamingNoOperation(SoapVersion version) {
        Document payload = Envelopes.newDocument();
        Element unknown = payload.createElementNS(Operations.SERVICE_NS, "svc:SupprimerProjet");
        Envelopes.declarePrefix(unknown);
        payload.appendChild(unknown);
        Document request = SignedRequest.of(payload).signedBy("ao-siege").over(version).build();
        assertClientMistake(send(request), version, Reason.SOAP_OPERATION_UNKNOWN);
    }

    /** Mistake: a GET for a schema the gateway does not publish. Expected: HTTP_UNKNOWN_DOCUMENT. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesUnknownSchemaDocument(SoapVersion version) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address(version) + "?xsd=inconnu.xsd")).GET();
        assertClientMistake(exchange(request), version, Reason.HTTP_UNKNOWN_DOCUMENT);
    }

    /**
     * Public documents: GET ?wsdl and every ?xsd= it names are served (not journaled: reads of
     * published documents).
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void servesTheWsdlAndTheSchemasItNames(SoapVersion version) {
        String wsdl = get(address(version) + "?wsdl");
        Matcher schemas = Pattern.compile("schemaLocation=\"([^\"]*\\?xsd=[^\"]*)\"").matcher(wsdl);
        assertTrue(schemas.find(), wsdl);
        do {
            assertTrue(get(schemas.group(1)).contains("schema"), schemas.group(1));
        } while (schemas.find());
    }

    private static String get(String address) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create(address)).GET().build());
        assertEquals(200, response.statusCode(), address);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Mistake: a charset Java does not support (UTF-7). Expected: XML_MALFORMED, not a container error page. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesUnsupportedCharset(SoapVersion version) {
        byte[] body = Envelopes.serialize(request(casablancaFiches()).over(version).build());
        assertClientMistake(post(version, contentType(version, "UTF-7"), body), version, Reason.XML_MALFORMED);
    }

    /** Mistake: UTF-16 bytes labelled UTF-8. Expected: XML_MALFORMED. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesUtf16BytesLabelledUtf8(SoapVersion version) {
        String envelope = new String(Envelopes.serialize(request(casablancaFiches()).over(version).build()),
                StandardCharsets.UTF_8).replaceFirst("^<\\?xml[^>]*\\?>", "");
        byte[] body = envelope.getBytes(StandardCharsets.UTF_16LE);
        assertClientMistake(post(version, contentType(version, "utf-8"), body), version, Reason.XML_MALFORMED);
    }

    /** Mistake: a multipart Content-Type over a plain envelope (no such part boundary). Expected: HTTP_CONTENT_TYPE. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesBogusMultipart(SoapVersion version) {
        byte[] body = Envelopes.serialize(request(casablancaFiches()).over(version).build());
        String type = "multipart/related; type=\"" + (version == SoapVersion.SOAP_12 ? "application/soap+xml"
                : "text/xml") + "\"; boundary=\"absente\"; start=\"<racine>\"";
        assertClientMistake(post(version, type, body), version, Reason.HTTP_CONTENT_TYPE);
    }

    /** Mistake: a header marked mustUnderstand that the gateway does not know. Expected: SOAP_MUST_UNDERSTAND. */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesUnknownMustUnderstandHeader(SoapVersion version) {
        Document request = request(casablancaFiches()).over(version).build();
        Element unknown = Envelopes.foreign(request, "Priorite");
        unknown.setAttributeNS(version.namespace(), version.prefix() + ":mustUnderstand",
                version == SoapVersion.SOAP_12 ? "true" : "1");
        Envelopes.header(request).appendChild(unknown);
        assertClientMistake(send(request), version, Reason.SOAP_MUST_UNDERSTAND);
    }

    /**
     * Mistake: a correctly signed envelope of one SOAP version posted to the other version's address.
     * Expected: SOAP_VERSION_MISMATCH, both ways.
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesEnvelopeOfTheOtherSoapVersion(SoapVersion version) {
        byte[] body = Envelopes.serialize(request(casablancaFiches()).over(version).build());
        SoapVersion other = version == SoapVersion.SOAP_12 ? SoapVersion.SOAP_11 : SoapVersion.SOAP_12;
        SoapReply reply = post(other, contentType(other, "UTF-8"), body);
        assertRefused(reply, Reason.SOAP_VERSION_MISMATCH);
        assertNoContainerPage(reply.toString());
    }

    /**
     * Mistake: a 4 MB comment in the Body (under the message size limit, over the text limit).
     * Expected: an XML_REFUSE Sender fault, journaled (whichever XML limit check names it first).
     */
    @ParameterizedTest
    @EnumSource(SoapVersion.class)
    void refusesHugeComment(SoapVersion version) {
        Document request = request(casablancaFiches()).over(version).build();
        Envelopes.body(request).appendChild(request.createComment("x".repeat(4 * 1024 * 1024)));
        SoapReply reply = send(request);
        assertNoContainerPage(reply.toString());
        assertTrue(faultCode(reply, version).endsWith(version == SoapVersion.SOAP_12 ? ":Sender" : ":Client"),
                reply::toString);
        assertRefused(reply, ErrorCode.XML_REFUSE);
    }

    /** A path the gateway does not serve: no HTML page, no stack trace, no server version. */
    @Test
    void unknownPathRevealsNoContainer() {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
                URI.create(address(SoapVersion.SOAP_12).replaceFirst("(//[^/]+)/.*", "$1/inconnu"))).GET().build());
        assertEquals(404, response.statusCode());
        assertNoContainerPage(new String(response.body(), StandardCharsets.UTF_8));
        assertFalse(response.headers().firstValue("Server").isPresent(), response.headers()::toString);
    }

    private SoapReply post(SoapVersion version, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address(version)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (version == SoapVersion.SOAP_11) {
            request.header("SOAPAction", "\"" + ACTION + "\"");
        }
        return exchange(request);
    }

    private static String contentType(SoapVersion version, String charset) {
        return version == SoapVersion.SOAP_12 ? "application/soap+xml; charset=" + charset + "; action=\"" + ACTION + "\""
                : "text/xml; charset=" + charset;
    }

    /**
     * Sends {@code request}; its answer names no server, and is in UTF-8 (the XML default, which a
     * client reading the bytes without the HTTP header assumes) whatever the request declared or omitted.
     */
    private static SoapReply exchange(HttpRequest.Builder request) {
        HttpResponse<byte[]> response = send(request.timeout(Duration.ofSeconds(60)).build());
        assertFalse(response.headers().firstValue("Server").isPresent(), response.headers()::toString);
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        assertTrue(!contentType.contains("charset") || contentType.replace(" ", "").contains("charset=utf-8"),
                contentType);
        return new SoapReply(response.statusCode(), response.body());
    }

    /** A fault of {@code version} blaming the client, journaled REJETE with {@code reason}, and no container page. */
    private void assertClientMistake(SoapReply reply, SoapVersion version, Reason reason) {
        assertNoContainerPage(reply.toString());
        Document fault = reply.document();
        assertAll(
                () -> assertEquals(version.namespace(), fault.getDocumentElement().getNamespaceURI(), reply::toString),
                () -> assertTrue(faultCode(reply, version).endsWith(version == SoapVersion.SOAP_12 ? ":Sender" : ":Client"),
                        reply::toString),
                () -> assertRefused(reply, reason));
    }

    private static String faultCode(SoapReply reply, SoapVersion version) {
        Element fault = reply.fault();
        return version == SoapVersion.SOAP_12
                ? Envelopes.child(Envelopes.child(fault, version.namespace(), "Code"), version.namespace(), "Value")
                        .getTextContent().trim()
                : fault.getElementsByTagName("faultcode").item(0).getTextContent().trim();
    }

    /** Sends {@code request} exactly as built: any method, any headers, any bytes. */
    private static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoContainerPage(String body) {
        String lowerCase = body.toLowerCase(Locale.ROOT);
        assertAll(
                () -> assertFalse(lowerCase.contains("<html"), body),
                () -> assertFalse(lowerCase.contains("jetty"), body),
                () -> assertFalse(lowerCase.contains("exception"), body));
    }
}
