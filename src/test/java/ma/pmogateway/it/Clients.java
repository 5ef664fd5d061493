package ma.pmogateway.it;

import java.util.Map;

import jakarta.xml.ws.BindingProvider;

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
}
