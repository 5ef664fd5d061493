package ma.pmogateway.pmo;

import jakarta.jws.WebService;

import org.apache.cxf.phase.PhaseInterceptorChain;

import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.DepotSituations;
import ma.pmogateway.contract.pmo.ws.Depot;
import ma.pmogateway.contract.pmo.ws.ErreurDepot;
import ma.pmogateway.security.VerifiedSender;

/**
 * The reference PMO's intake operations. By the time a method runs, the request's signature,
 * timestamp and signer were verified, the caller found among the trusted callers, the operation
 * allowed and the payload validated against the PMO schema (see {@link PmoReferenceService}).
 */
@WebService(serviceName = "DepotPMO", portName = "DepotPMOSoap12", targetNamespace = "urn:ma:dgct:pmo:depot:wsdl:v1",
        endpointInterface = "ma.pmogateway.contract.pmo.ws.Depot",
        wsdlLocation = "classpath:contracts/wsdl/pmo-depot-v1.wsdl")
final class DepotEndpoint implements Depot {

    private final Intake intake;
    private final FailureSimulation failures;

    DepotEndpoint(Intake intake, FailureSimulation failures) {
        this.intake = intake;
        this.failures = failures;
    }

    @Override
    public AccuseDepot deposerFiches(DepotFiches depot) throws ErreurDepot {
        return delivered(intake.depositFiches(depot, callerThumbprint()));
    }

    @Override
    public AccuseDepot deposerSituations(DepotSituations depot) throws ErreurDepot {
        return delivered(intake.depositSituations(depot, callerThumbprint()));
    }

    /** The deposit is committed; the simulation may still lose its acknowledgement on the way back. */
    private AccuseDepot delivered(AccuseDepot accuse) throws ErreurDepot {
        if (failures.losesNextAcknowledgement()) {
            throw DepotError.SERVICE_INDISPONIBLE.fault();
        }
        return accuse;
    }

    private static String callerThumbprint() {
        VerifiedSender caller = (VerifiedSender) PhaseInterceptorChain.getCurrentMessage().getExchange().getInMessage()
                .get(VerifiedSender.KEY);
        return caller.thumbprint();
    }
}
