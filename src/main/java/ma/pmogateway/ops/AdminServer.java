package ma.pmogateway.ops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.ops.health.HealthJson;
import ma.pmogateway.ops.health.HealthMonitor;

/**
 * The operator's port, apart from the SOAP port: {@code GET /health/live}, {@code /health/ready}
 * (JSON, 200 or 503) and {@code /metrics} (Prometheus text), read-only, from the last background
 * round of checks. Apart, because the SOAP port may demand a client certificate that a load balancer's
 * probe and Prometheus do not have, and because partners have no business reading the metrics.
 */
public final class AdminServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";

    private final Server server;
    private final ServerConnector connector;

    private AdminServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts the operator's port on {@code host}:{@code port} (0: a free port). */
    public static AdminServer start(String host, int port, HealthMonitor health, Observability observability) {
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("pmo-gateway-admin");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                    return answer(response, callback, 405, JSON, "{\"status\":\"method not allowed\"}");
                }
                return switch (path) {
                    case "/health/live" -> answer(response, callback, 200, JSON, HealthJson.live());
                    case "/health/ready" -> answer(response, callback, health.ready() ? 200 : 503, JSON,
                            HealthJson.ready(health));
                    case "/metrics" -> answer(response, callback, 200, PROMETHEUS_TEXT, observability.scrape());
                    default -> answer(response, callback, 404, JSON, "{\"status\":\"not found\"}");
                };
            }
        });
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // Already failing: the cause below is the one to tell.
            }
            throw new GatewayException(ErrorCode.CONFIGURATION_INVALIDE, e, "admin.port " + host + ":" + port);
        }
        return new AdminServer(server, connector);
    }

    private static boolean answer(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** Returns the port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("admin port did not stop", e);
        }
    }
}
