package ma.pmogateway.service;

import jakarta.jws.WebService;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.service.EnvoiAValider;
import ma.pmogateway.contract.ao.service.EtatEchange;
import ma.pmogateway.contract.ao.service.RapportValidation;
import ma.pmogateway.contract.ao.service.RecupererRetours;
import ma.pmogateway.contract.ao.service.RecupererRetoursReponse;
import ma.pmogateway.contract.ao.service.Transfert;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.contract.common.AccuseReception;

/**
 * The JAX-WS face of the service: each operation hands its request to the {@link MessagePath}, which
 * states and runs its steps. A batch is read there from the verified payload itself, not from the
 * objects JAX-WS unmarshalled (those serve only the operations whose parameters are plain values).
 */
@WebService(serviceName = "PasserelleSuiviProjets", targetNamespace = "urn:ma:alomrane:suivi-projets:wsdl:v1",
        endpointInterface = "ma.pmogateway.contract.ao.ws.SuiviProjets",
        wsdlLocation = "classpath:contracts/wsdl/suivi-projets-v1.wsdl")
public class SuiviProjetsEndpoint implements SuiviProjets {

    private final MessagePath path;

    SuiviProjetsEndpoint(MessagePath path) {
        this.path = path;
    }

    @Override
    public AccuseReception soumettreProjets(EnvoiFichesProjets envoi) {
        return path.submit(RequestContext.current());
    }

    @Override
    public AccuseReception soumettreSituations(EnvoiSituations envoi) {
        return path.submit(RequestContext.current());
    }

    @Override
    public RapportValidation validerEnvoi(EnvoiAValider envoiAValider) {
        return path.dryRun(RequestContext.current());
    }

    @Override
    public EtatEchange consulterEchange(String identifiantEchange) {
        return path.consult(RequestContext.current(), identifiantEchange);
    }

    @Override
    public Transfert transfererProjet(String codeProjet, String nouveauProprietaire, String motif) {
        return path.transfer(RequestContext.current(), codeProjet, nouveauProprietaire, motif);
    }

    @Override
    public RecupererRetoursReponse recupererRetours(RecupererRetours parameters) {
        return path.feedback(RequestContext.current(), parameters.getDepuis(), parameters.getNombreMax());
    }
}
