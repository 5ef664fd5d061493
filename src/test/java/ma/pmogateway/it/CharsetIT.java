package ma.pmogateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ma.pmogateway.error.Reason;
import ma.pmogateway.it.security.SoapReply;

/** A request that declares no charset is read as XML's default, UTF-8, and answered in UTF-8. */
class CharsetIT {

    @Test
    void answersInUtf8WhenTheRequestDeclaresNoCharset() throws Exception {
        try (TestGateway gateway = TestGateway.start()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.soap12Address()))
                    .header("Content-Type", "application/soap+xml")
                    .POST(HttpRequest.BodyPublishers.ofString("<env:Envelope xmlns:env=\"http://www.w3.org/2003/05/"
                            + "soap-envelope\"><env:Body><x/></env:Body></env:Envelope>", StandardCharsets.UTF_8))
                    .build();
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofByteArray());

            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertTrue(body.contains("La sécurité du message"), body);
            // Unsigned, it is refused, and the journal says why under the reference the caller was given.
            String correlation = new SoapReply(response.statusCode(), response.body()).correlationId();
            assertEquals(Optional.of(Reason.SIG_MISSING.name()), gateway.journal().reasonOf(correlation), body);
        }
    }
}
