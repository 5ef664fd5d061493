package ma.pmogateway.bench.e2e;

import java.util.concurrent.CountDownLatch;

import javax.xml.namespace.QName;

import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.rt.security.SecurityConstants;
import org.apache.wss4j.common.WSS4JConstants;

import ma.pmogateway.it.Identities;
import ma.pmogateway.security.KeyMaterial;

/**
 * Serves {@link SignedEcho} on Jetty with CXF's and WSS4J's defaults and nothing of the gateway's: the
 * gateway's WSDL (so exactly its WS-SecurityPolicy: signed Timestamp and Body, RSA-SHA256, SHA-256
 * digests, a signed answer with SignatureConfirmation), its key ({@code certs/dev/gateway.p12}, RSA
 * 3072), the development trust store and CRL; WSS4J's own trust validation and in-memory replay cache,
 * CXF's default timestamp limits (the gateway's defaults too: 300 s old, 60 s ahead).
 *
 * <p>Run in its own JVM by {@link EndToEndBenchmark}: {@code EchoServer PORT} serves
 * {@code http://127.0.0.1:PORT/services/suivi-projets/v1} until SIGTERM.
 */
public final class EchoServer implements AutoCloseable {

    /** The path of the gateway's SOAP 1.2 endpoint, reused so that the two differ by their port only. */
    public static final String PATH = "/services/suivi-projets/v1";
    private static final String WSDL_NS = "urn:ma:alomrane:suivi-projets:wsdl:v1";

    private final Bus bus;
    private final EndpointImpl endpoint;

    private EchoServer(Bus bus, EndpointImpl endpoint) {
        this.bus = bus;
        this.endpoint = endpoint;
    }

    /**
     * Publishes the echo at {@code http://127.0.0.1:port/services/suivi-projets/v1}, signing as the
     * development identity {@code signer} (the gateway's, {@code gateway}, in the benchmark).
     */
    public static EchoServer start(int port, String signer) {
        Bus bus = BusFactory.newInstance().createBus();
        KeyMaterial identity = Identities.of(signer);
        EndpointImpl endpoint = new EndpointImpl(bus, new SignedEcho());
        endpoint.setWsdlLocation("classpath:contracts/wsdl/suivi-projets-v1.wsdl");
        endpoint.setServiceName(new QName(WSDL_NS, "PasserelleSuiviProjets"));
        endpoint.setEndpointName(new QName(WSDL_NS, "PasserelleSuiviProjetsSoap12"));
        endpoint.setAddress("http://127.0.0.1:" + port + PATH);
        endpoint.getProperties().put(SecurityConstants.SIGNATURE_CRYPTO, identity.crypto());
        endpoint.getProperties().put(SecurityConstants.SIGNATURE_USERNAME, identity.alias());
        endpoint.getProperties().put(SecurityConstants.CALLBACK_HANDLER, identity.passwordCallback());
        endpoint.getProperties().put(SecurityConstants.ENABLE_REVOCATION, Boolean.TRUE);
        // The one thing the policy's algorithm suite cannot say: RSA-SHA256 rather than RSA-SHA1.
        endpoint.getProperties().put(org.apache.cxf.ws.security.SecurityConstants.ASYMMETRIC_SIGNATURE_ALGORITHM,
                WSS4JConstants.RSA_SHA256);
        endpoint.publish();
        return new EchoServer(bus, endpoint);
    }

    /** Returns the echo's SOAP 1.2 address. */
    public String address() {
        return endpoint.getAddress();
    }

    @Override
    public void close() {
        endpoint.stop();
        bus.shutdown(true);
    }

    public static void main(String[] args) throws InterruptedException {
        EchoServer echo = start(Integer.parseInt(args[0]), "gateway");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            echo.close();
            stopped.countDown();
        }, "echo-shutdown"));
        System.out.println("echo: " + echo.address());
        stopped.await();
    }
}
