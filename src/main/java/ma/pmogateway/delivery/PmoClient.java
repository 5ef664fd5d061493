package ma.pmogateway.delivery;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.WebServiceException;

import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.DepotSituations;
import ma.pmogateway.contract.pmo.ObjectFactory;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.contract.pmo.ws.DepotPMO;
import ma.pmogateway.contract.pmo.ws.ErreurDepot;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.security.WsSecuritySettings;
import ma.pmogateway.xml.SecureXml;

/**
 * The PMO intake client, built from {@code wsdl/pmo-depot-v1.wsdl} so that its security policy applies:
 * requests signed with the gateway's key, acknowledgements accepted only when signed by a certificate
 * the gateway's trust store accepts, with the request's signature confirmed.
 *
 * <p>One client (a CXF proxy) per thread: proxies keep per-call state.
 */
public final class PmoClient {

    private static final JAXBContext CONTEXT = context();

    private final ThreadLocal<Depot> ports;

    /** Creates a client of the intake at {@code address}, signing as {@code identity}. */
    public PmoClient(String address, KeyMaterial identity) {
        this.ports = ThreadLocal.withInitial(() -> {
            Depot port = new DepotPMO().getDepotPMOSoap12();
            BindingProvider provider = (BindingProvider) port;
            provider.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
            provider.getRequestContext().putAll(WsSecuritySettings.client(identity));
            return port;
        });
    }

    /**
     * Delivers {@code entry}'s document and returns the PMO's acknowledgement (accuse-depot) as XML.
     *
     * @throws DeliveryFailure if the PMO did not acknowledge it; temporary unless the PMO refused the
     *                         document itself
     */
    public byte[] deposit(OutboxEntry entry) throws DeliveryFailure {
        Object document = read(entry.document());
        try {
            AccuseDepot acknowledgement = document instanceof DepotFiches fiches
                    ? ports.get().deposerFiches(fiches)
                    : ports.get().deposerSituations((DepotSituations) document);
            return write(acknowledgement);
        } catch (ErreurDepot fault) {
            boolean temporary = fault.getFaultInfo() == null || fault.getFaultInfo().isTemporaire();
            throw new DeliveryFailure("PMO fault " + (fault.getFaultInfo() == null ? "" : fault.getFaultInfo().getCode())
                    + ": " + fault.getMessage(), temporary, fault);
        } catch (WebServiceException transport) {
            throw new DeliveryFailure("PMO unreachable or refused the exchange: " + transport.getMessage(), true,
                    transport);
        }
    }

    private static Object read(byte[] document) throws DeliveryFailure {
        try {
            SAXSource source = new SAXSource(SecureXml.saxParserFactory().newSAXParser().getXMLReader(),
                    new InputSource(new ByteArrayInputStream(document)));
            return CONTEXT.createUnmarshaller().unmarshal(source);
        } catch (JAXBException | ParserConfigurationException | SAXException e) {
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
