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

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.security.VerifiedSender;

/**
 * Step 4 of the message path (see {@link MessagePath}), the last one in CXF: the envelope is the
 * address's SOAP version, the security step named a verified sender, and the payload names an
 * operation of the service, recorded on the request's context so that faults from here on are that
 * operation's declared fault, signed under its policy.
 */
final class EnvelopeInterceptor extends AbstractSoapInterceptor {

    EnvelopeInterceptor() {
        super(Phase.USER_PROTOCOL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        requireBindingVersion(message);
        if (message.get(VerifiedSender.KEY) == null) {
            throw new Fault(new GatewayException(ErrorCode.SECURITE_REFUSEE,
                    new SecurityException("no verified sender after the security step"), "-"));
        }
        String operation = operationOf(message);
        RequestContext.of(message.getExchange()).orElseThrow().operation(operation);
        identifyOperation(message, operation);
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
        throw new Fault(new GatewayException(Reason.SOAP_BODY_EMPTY, List.of(Problem.error(Problem.Step.CONTRAT,
                null, "/", -1, -1, "Le corps SOAP est vide.", "The SOAP Body is empty.")), null, 1));
    }
}
