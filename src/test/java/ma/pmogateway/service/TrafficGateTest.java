package ma.pmogateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node answers a retryable SOAP fault (HTTP 503, SERVICE_INDISPONIBLE) while it starts and from the
 * moment it stops, never the container's 404; a stop waits for the requests under way.
 */
class TrafficGateTest {

    private final TrafficGate gate = new TrafficGate("/pmo/depot/v1");
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private Server server;
    private URI address;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startJetty() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // Behind the gate, an endpoint that answers once released: a request under way.
        server.setHandler(new Handler.Sequence(gate, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                entered.countDown();
                release.await(10, TimeUnit.SECONDS);
                response.setStatus(200);
                response.write(true, java.nio.ByteBuffer.wrap("ok".getBytes()), callback);
                return true;
            }
        }));
        server.start();
        address = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/services/soap11/suivi-projets/v1");
    }

    @AfterEach
    void stopJetty() throws Exception {
        release.countDown();
        server.stop();
    }

    @Test
    void whileStartingEveryRequestGetsARetryableSoapFault() throws Exception {
        HttpResponse<String> soap11 = post("text/xml; charset=UTF-8");
        assertNotReady(soap11, "text/xml", ":Server</faultcode>");
        HttpResponse<String> soap12 = post("application/soap+xml; charset=UTF-8");
        assertNotReady(soap12, "application/soap+xml", ":Receiver</");
    }

    @Test
    void onceOpenRequestsReachTheEndpointsAndAStopWaitsForThem() throws Exception {
        gate.open();
        CompletableFuture<HttpResponse<String>> underWay = http.sendAsync(request("text/xml"),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertEquals(1, gate.drain(Duration.ofMillis(200)), "the request under way is not answered yet");
        assertNotReady(post("text/xml"), "text/xml", ":Server</faultcode>");
        release.countDown();
        assertEquals(200, underWay.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(0, gate.drain(Duration.ofSeconds(10)));
    }

    private static void assertNotReady(HttpResponse<String> response, String contentType, String faultCode) {
        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(contentType),
                response.headers().toString());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        assertTrue(response.body().contains("SERVICE_INDISPONIBLE"), response.body());
        assertTrue(response.body().contains(faultCode), response.body());
        assertTrue(response.body().contains("momentanément indisponible"), response.body());
        assertTrue(response.body().contains("temporarily unavailable"), response.body());
    }

    private HttpResponse<String> post(String contentType) throws Exception {
        return http.send(request(contentType), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String contentType) {
        return HttpRequest.newBuilder(address).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString("<Envelope/>")).build();
    }
}
