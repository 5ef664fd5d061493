package ma.pmogateway.service;

import java.util.List;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.binding.soap.SoapBinding;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.service.model.BindingInfo;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.OperationInfo;
import org.apache.cxf.phase.Phase;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.contract.SchemaViolation;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.security.VerifiedSender;

/**
 * Steps 3 and 4 of the message path, before anything is unmarshalled: the verified sender must be
 * allowed the operation it calls, and the payload must conform to the published schema.
 *
 * <p>The payload is validated in the bytes as received (lines and columns are the caller's), and
 * every violation is reported at once with its XPath.
 */
final class PayloadValidationInterceptor extends AbstractSoapInterceptor {

    private static final String DRY_RUN = "ValiderEnvoi";

    private final ContractValidator validator;
    private final Contract contract;

    PayloadValidationInterceptor(ContractValidator validator, Contract contract) {
        super(Phase.USER_PROTOCOL);
        this.validator = validator;
        this.contract = contract;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        requireBindingVersion(message);
        VerifiedSender sender = (VerifiedSender) message.get(VerifiedSender.KEY);
        if (sender == null) {
            throw new Fault(new GatewayException(ErrorCode.SECURITE_REFUSEE,
                    new SecurityException("no verified sender after the security step"), "-"));
        }
        String operation = operationOf(message);
        RequestAttributes.setOperation(message, operation);
        identifyOperation(message, operation);
        if (!sender.sender().mayCall(operation)) {
            throw new Fault(Authorisation.operationRefusal(sender.sender().code(), operation));
        }
        if (DRY_RUN.equals(operation)) {
            return; // ValiderEnvoi reports schema problems in its answer, with every other problem.
        }
        List<SchemaViolation> violations = validator.validateSoapBody(contract,
                RequestAttributes.received(message.getExchange()).bytes());
        if (!violations.isEmpty()) {
            List<Problem> problems = violations.stream().map(v -> new Problem(null, false, v.messageFr(),
                    v.messageEn(), v.xpath(), v.line(), v.column())).toList();
            throw new Fault(new GatewayException(Reason.SCHEMA_INVALID, problems, null, problems.size()));
        }
    }

    /**
     * Each address takes the SOAP version of its binding only: CXF reads either envelope at either
     * address, which would let one message mean two things to two readers of the journal.
     */
    private static void requireBindingVersion(SoapMessage message) {
        if (message.getExchange().getEndpoint().getBinding() instanceof SoapBinding binding
                && binding.getSoapVersion() != message.getVersion()) {
            throw new Fault(FaultDetails.clientMistake(Reason.SOAP_VERSION_MISMATCH, null));
        }
    }

    /**
     * Records the operation on the exchange when the SOAP action did not name it, so that faults from
     * here on are the operation's declared fault, signed under its policy; a payload that names no
     * operation of the service is the caller's mistake, refused before its rights are looked at.
     */
    private static void identifyOperation(SoapMessage message, String operation) {
        Exchange exchange = message.getExchange();
        if (exchange.getBindingOperationInfo() != null) {
            return;
        }
        BindingInfo binding = exchange.getEndpoint().getEndpointInfo().getBinding();
        for (BindingOperationInfo candidate : binding.getOperations()) {
            if (candidate.getName().getLocalPart().equals(operation)) {
                exchange.put(BindingOperationInfo.class, candidate);
                exchange.put(OperationInfo.class, candidate.getOperationInfo());
                return;
            }
        }
        throw new Fault(FaultDetails.clientMistake(Reason.SOAP_OPERATION_UNKNOWN, null, operation));
    }

    /** The operation is named by the payload's root element (document/literal wrapped). */
    private static String operationOf(SoapMessage message) {
        try {
            SOAPMessage saaj = message.getContent(SOAPMessage.class);
            for (Node child = saaj.getSOAPBody().getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element payload) {
                    return payload.getLocalName();
                }
            }
        } catch (SOAPException e) {
            throw new Fault(new GatewayException(ErrorCode.CONTRAT_INVALIDE, e, 1));
        }
        throw new Fault(new GatewayException(Reason.SOAP_BODY_EMPTY, List.of(new Problem(null, false,
                "Le corps SOAP est vide.", "The SOAP Body is empty.", "/", -1, -1)), null, 1));
    }
}
