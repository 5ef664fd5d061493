package ma.pmogateway.delivery;

import java.io.ByteArrayOutputStream;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;

import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.DepotSituations;
import ma.pmogateway.contract.pmo.ObjectFactory;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.contract.pmo.ws.DepotPMO;
import ma.pmogateway.contract.pmo.ws.ErreurDepot;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.journal.OutboxEntry;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.security.WsSecuritySettings;
import ma.pmogateway.xml.SecureXml;

/**
 * The PMO intake client, built from {@code wsdl/pmo-depot-v1.wsdl} so that its security policy applies:
 * requests signed with the gateway's key, acknowledgements accepted only when signed with the PMO's
 * own (pinned) certificate, which the trust store must also accept, with the request's signature
 * confirmed.
 *
 * <p>Both signed messages of a delivery are kept byte for byte, the evidence an auditor checks later:
 * the request as it left and the acknowledgement as it arrived. One client (a CXF proxy) per thread:
 * proxies keep per-call state, and a synchronous call runs its interceptors on the calling thread.
 */
public final class PmoClient implements Depositor {

    private static final JAXBContext CONTEXT = context();

    private final ThreadLocal<Depot> ports;
    private final ThreadLocal<WireCapture> wire = new ThreadLocal<>();

    /**
     * Creates a client of the intake at {@code address}, signing as {@code identity}, accepting
     * acknowledgements signed with one of {@code pmoCertificates} only.
     */
    public PmoClient(String address, KeyMaterial identity, List<X509Certificate> pmoCertificates) {
        this.ports = ThreadLocal.withInitial(() -> {
            Depot port = new DepotPMO().getDepotPMOSoap12();
            BindingProvider provider = (BindingProvider) port;
            provider.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
            provider.getRequestContext().putAll(WsSecuritySettings.pinnedClient(identity, pmoCertificates));
            Client client = ClientProxy.getClient(port);
            client.getOutInterceptors().add(WireCapture.outgoing(wire::get));
            client.getInInterceptors().add(WireCapture.incoming(wire::get));
            client.getInFaultInterceptors().add(WireCapture.incoming(wire::get));
            return port;
        });
    }

    /** Delivers {@code entry}'s document; the acknowledgement is the PMO's accuse-depot. */
    @Override
    public Outbox.Deposit deposit(OutboxEntry entry) throws DeliveryFailure {
        Object document = read(entry.document());
        WireCapture capture = new WireCapture();
        wire.set(capture);
        try {
            AccuseDepot acknowledgement = document instanceof DepotFiches fiches
                    ? ports.get().deposerFiches(fiches)
                    : ports.get().deposerSituations((DepotSituations) document);
            return new Outbox.Deposit(write(acknowledgement), capture.sent(), capture.received());
        } catch (ErreurDepot fault) {
            boolean temporary = fault.getFaultInfo() == null || fault.getFaultInfo().isTemporaire();
            throw new DeliveryFailure("PMO fault " + (fault.getFaultInfo() == null ? "" : fault.getFaultInfo().getCode())
                    + ": " + fault.getMessage(), temporary, fault);
        } catch (WebServiceException transport) {
            throw new DeliveryFailure("PMO unreachable or refused the exchange: " + transport.getMessage(), true,
                    transport);
        } finally {
            wire.remove();
        }
    }

    private static Object read(byte[] document) throws DeliveryFailure {
        try {
            SAXSource source = SecureXml.source(document);
            return CONTEXT.createUnmarshaller().unmarshal(source);
        } catch (JAXBException e) {
            throw new DeliveryFailure("stored PMO document unreadable", false, e);
        }
    }

    private static byte[] write(AccuseDepot acknowledgement) throws DeliveryFailure {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CONTEXT.createMarshaller().marshal(new ObjectFactory().createAccuseDepot(acknowledgement), out);
            return out.toByteArray();
        } catch (JAXBException e) {
            throw new DeliveryFailure("PMO acknowledgement cannot be recorded", true, e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
