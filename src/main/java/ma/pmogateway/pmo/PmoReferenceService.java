package ma.pmogateway.pmo;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;
import javax.xml.namespace.QName;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.journal.JdbcReplayRegistry;
import ma.pmogateway.journal.PmoArrival;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.security.SenderRegistry;
import ma.pmogateway.security.SignatureCoverageInterceptor;
import ma.pmogateway.security.WsSecuritySettings;

/**
 * A running reference PMO intake service: the contract {@code wsdl/pmo-depot-v1.wsdl} (service
 * DepotPMO, port DepotPMOSoap12) published from the WSDL, so that its security policy is enforced,
 * with its register in the {@code pmo_*} tables. It stands in for the DGCT's PMO in local runs, demos
 * and integration tests; the real PMO replaces it by configuration.
 *
 * <p>For every request the interceptors run the steps in order: simulated latency and HTTP
 * unavailability, and the request bytes kept; WS-Security from the policy (signed Body and
 * Timestamp, trusted and unrevoked signer, fresh, never replayed); signature coverage and caller
 * identification among the trusted callers; operation, simulated unavailability and PMO schema; then
 * the intake (deduplicate by message id, review, record, acknowledge), answered signed with
 * SignatureConfirmation.
 */
public final class PmoReferenceService implements AutoCloseable {

    /** How long after its Created time a request's Timestamp is accepted (the PMO's choice, not the gateway's). */
    public static final Duration TIMESTAMP_TTL = Duration.ofMinutes(5);
    /** How far ahead of the PMO's clock a caller's clock may be. */
    public static final Duration FUTURE_SKEW = Duration.ofSeconds(60);

    private static final String WSDL_NS = "urn:ma:dgct:pmo:depot:wsdl:v1";
    private static final String WSDL = "classpath:contracts/wsdl/pmo-depot-v1.wsdl";

    private final EndpointImpl endpoint;
    private final PmoRegister register;
    private final FailureSimulation failures;
    private final String address;

    private PmoReferenceService(EndpointImpl endpoint, PmoRegister register, FailureSimulation failures,
            String address) {
        this.endpoint = endpoint;
        this.register = register;
        this.failures = failures;
        this.address = address;
    }

    /**
     * Publishes the service at {@code address} (e.g. {@code http://127.0.0.1:8080/pmo/depot/v1}) on
     * {@code bus}, signing its answers with {@code pmoIdentity} and accepting only requests signed by a
     * certificate that {@code pmoIdentity}'s trust store and CRLs accept and that {@code trustedCallers}
     * registers (the gateway's), for the operations it allows. The register lives in the {@code pmo_*}
     * tables of {@code dataSource} (migration V8), seen requests in its replay table {@code rejeu}.
     * {@code failures} decides when the service misbehaves on purpose.
     *
     * @throws ma.pmogateway.error.GatewayException with {@code ERREUR_INTERNE} if the PMO schema cannot
     *                                              be compiled
     */
    public static PmoReferenceService publish(Bus bus, String address, KeyMaterial pmoIdentity,
            SenderRegistry trustedCallers, DataSource dataSource, FailureSimulation failures) {
        ContractSchemas schemas = new ContractSchemas();
        schemas.schema(Contract.PMO_SERVICE); // fail at start-up, not at the first deposit
        PmoRegister register = new PmoRegister(dataSource);
        EndpointImpl endpoint = new EndpointImpl(bus,
                new DepotEndpoint(new Intake(register, Clock.systemUTC()), failures));
        endpoint.setWsdlLocation(WSDL);
        endpoint.setServiceName(new QName(WSDL_NS, "DepotPMO"));
        endpoint.setEndpointName(new QName(WSDL_NS, "DepotPMOSoap12"));
        endpoint.setAddress(address);
        endpoint.getInInterceptors().add(new ReceptionInterceptor(failures));
        endpoint.getInInterceptors().add(new SignatureCoverageInterceptor(trustedCallers));
        endpoint.getInInterceptors().add(new IntakeChecksInterceptor(failures, new ContractValidator(schemas)));
        endpoint.getOutFaultInterceptors().add(new DepotFaultInterceptor());
        endpoint.getProperties().putAll(WsSecuritySettings.service(pmoIdentity, new JdbcReplayRegistry(dataSource),
                TIMESTAMP_TTL, FUTURE_SKEW));
        endpoint.getProperties().putAll(WsSecuritySettings.subjectConstraints(trustedCallers.certificateSubjects()));
        endpoint.publish();
        return new PmoReferenceService(endpoint, register, failures, address);
    }

    /** Returns the address the service is published at. */
    public String address() {
        return address;
    }

    /** Returns the failure simulation, whose outage switch may be flipped while the service runs. */
    public FailureSimulation failures() {
        return failures;
    }

    /** Returns every deposit the service recorded, in order of first arrival. */
    public List<PmoArrival> arrivals() {
        return register.arrivals();
    }

    /** Returns the PMO reference assigned to project {@code referenceExterne} of {@code organisme}, if any. */
    public Optional<String> referencePmo(String organisme, String referenceExterne) {
        return register.referencePmo(organisme, referenceExterne);
    }

    /** Stops the endpoint; the bus, its Jetty and the data source belong to the caller. */
    @Override
    public void close() {
        endpoint.stop();
    }
}
