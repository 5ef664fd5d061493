package ma.pmogateway.it.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.w3c.dom.Document;

/**
 * Posts request bytes exactly as given, over plain HTTP with {@link HttpClient}: no SOAP stack in
 * between to fix, reorder or re-sign anything.
 */
public final class RawSoapClient {

    /** Prefix of every operation's action in the WSDL bindings. */
    public static final String ACTION_PREFIX = "urn:ma:alomrane:suivi-projets:v1:";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private RawSoapClient() {
    }

    /** Posts {@code envelope} to {@code address}, its version and action read from the envelope itself. */
    public static SoapReply post(String address, Document envelope) {
        return post(address, Envelopes.version(envelope), Envelopes.payload(envelope).getLocalName(),
                Envelopes.serialize(envelope));
    }

    /** Posts {@code bytes} as a {@code version} request for {@code operation} (e.g. SoumettreProjets). */
    public static SoapReply post(String address, SoapVersion version, String operation, byte[] bytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        version.describe(request, ACTION_PREFIX + operation);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new SoapReply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
