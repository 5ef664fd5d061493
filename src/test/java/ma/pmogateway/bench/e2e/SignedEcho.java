package ma.pmogateway.bench.e2e;

import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.UUID;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;

import jakarta.jws.WebService;

import ma.pmogateway.contract.ao.EnTete;
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
import ma.pmogateway.contract.common.Empreinte;
import ma.pmogateway.contract.common.NatureElement;
import ma.pmogateway.contract.common.ResultatElement;
import ma.pmogateway.contract.common.ResultatReception;
import ma.pmogateway.support.Sha256;

/**
 * The reference the gateway is measured against: the gateway's own contract served by nothing but CXF
 * and WSS4J. It answers each submission at once with a receipt of the gateway's shape and size (a new
 * exchange id, the batch id and sender repeated, one accepted result per item), and does none of the
 * gateway's work: no capture, no schema or rule check, no journal, no transformation, no outbox.
 *
 * <p>The receipt's digest is that of the batch id, since the echo keeps no request bytes; it has the
 * length of the gateway's digest of the request, so the two receipts weigh the same.
 */
@WebService(serviceName = "PasserelleSuiviProjets", targetNamespace = "urn:ma:alomrane:suivi-projets:wsdl:v1",
        endpointInterface = "ma.pmogateway.contract.ao.ws.SuiviProjets",
        wsdlLocation = "classpath:contracts/wsdl/suivi-projets-v1.wsdl")
public class SignedEcho implements SuiviProjets {

    private static final String SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256";
    private static final DatatypeFactory DATATYPES = datatypes();

    @Override
    public AccuseReception soumettreProjets(EnvoiFichesProjets envoi) {
        return receipt(envoi.getEnTete(), NatureElement.FICHE_PROJET,
                envoi.getFicheProjet().stream().map(fiche -> fiche.getCodeProjet()).toList());
    }

    @Override
    public AccuseReception soumettreSituations(EnvoiSituations envoi) {
        return receipt(envoi.getEnTete(), NatureElement.SITUATION,
                envoi.getSituationAvancement().stream().map(situation -> situation.getCodeProjet()).toList());
    }

    private static AccuseReception receipt(EnTete header, NatureElement nature, List<String> references) {
        AccuseReception receipt = new AccuseReception();
        receipt.setIdentifiantEchange(UUID.randomUUID().toString());
        receipt.setIdentifiantEnvoi(header.getIdentifiantEnvoi());
        receipt.setEmetteur(header.getEmetteur());
        receipt.setRecuLe(DATATYPES.newXMLGregorianCalendar(GregorianCalendar.from(Instant.now().atZone(ZoneOffset.UTC))));
        Empreinte digest = new Empreinte();
        digest.setAlgorithme(SHA256_URI);
        digest.setValue(Sha256.hex(header.getIdentifiantEnvoi()));
        receipt.setEmpreinteRequete(digest);
        for (int rank = 1; rank <= references.size(); rank++) {
            ResultatReception result = new ResultatReception();
            result.setRang(BigInteger.valueOf(rank));
            result.setReference(references.get(rank - 1));
            result.setNature(nature);
            result.setResultat(ResultatElement.ACCEPTE);
            receipt.getElement().add(result);
        }
        return receipt;
    }

    // The benchmark submits only; the echo has nothing to say about exchanges it never kept.

    @Override
    public RapportValidation validerEnvoi(EnvoiAValider envoiAValider) {
        throw new UnsupportedOperationException("ValiderEnvoi is not part of the end-to-end benchmark");
    }

    @Override
    public EtatEchange consulterEchange(String identifiantEchange) {
        throw new UnsupportedOperationException("ConsulterEchange is not part of the end-to-end benchmark");
    }

    @Override
    public Transfert transfererProjet(String codeProjet, String nouveauProprietaire, String motif) {
        throw new UnsupportedOperationException("TransfererProjet is not part of the end-to-end benchmark");
    }

    @Override
    public RecupererRetoursReponse recupererRetours(RecupererRetours parameters) {
        throw new UnsupportedOperationException("RecupererRetours is not part of the end-to-end benchmark");
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
