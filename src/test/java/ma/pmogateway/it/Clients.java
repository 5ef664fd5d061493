package ma.pmogateway.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.xml.ws.BindingProvider;

import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

import ma.pmogateway.contract.ao.ws.PasserelleSuiviProjets;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.security.WsSecuritySettings;

/** CXF clients built from the WSDL (so its security policy applies), signing as a development identity. */
public final class Clients {

    private Clients() {
    }

    public static SuiviProjets soap12(String address, String identity) {
        return configure(new PasserelleSuiviProjets().getPasserelleSuiviProjetsSoap12(), address, identity);
    }

    public static SuiviProjets soap11(String address, String identity) {
        return configure(new PasserelleSuiviProjets().getPasserelleSuiviProjetsSoap11(), address, identity);
    }

    private static SuiviProjets configure(SuiviProjets port, String address, String identity) {
        Map<String, Object> context = ((BindingProvider) port).getRequestContext();
        context.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        context.putAll(WsSecuritySettings.client(Identities.of(identity)));
        return port;
    }

    /** Keeps the raw bytes of the last response {@code client} receives, exactly as they came. */
    public static AtomicReference<byte[]> captureResponses(SuiviProjets client) {
        AtomicReference<byte[]> captured = new AtomicReference<>();
        ClientProxy.getClient(client).getInInterceptors().add(new AbstractPhaseInterceptor<Message>(Phase.RECEIVE) {
            @Override
            public void handleMessage(Message message) {
                try (InputStream in = message.getContent(InputStream.class)) {
                    byte[] bytes = in.readAllBytes();
                    captured.set(bytes);
                    message.setContent(InputStream.class, new ByteArrayInputStream(bytes));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return captured;
    }
}
