package ma.pmogateway.pmo;

import java.util.List;
import java.util.stream.Collectors;

import javax.xml.namespace.QName;

import jakarta.xml.soap.SOAPException;
import jakarta.xml.soap.SOAPMessage;

import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.OperationInfo;
import org.apache.cxf.service.model.ServiceModelUtil;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import ma.pmogateway.contract.Contract;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.contract.SchemaViolation;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.security.VerifiedSender;

/**
 * The reference PMO's checks once WS-Security and the signature coverage have named the caller, before
 * anything is unmarshalled: the operation is identified and allowed to the caller, the service is
 * available (or a simulated failure answers), and the payload conforms to the PMO schema.
 *
 * <p>The operation is identified from the payload itself when the SOAP action did not name it, so that
 * every fault from here on is the declared ErreurDepot, signed under the operation's policy. The
 * payload is validated in the bytes as received (the reception step kept them; the signature coverage
 * checked that their Body is the signed one), and every problem is reported at once with its XPath,
 * line and column.
 */
final class IntakeChecksInterceptor extends AbstractSoapInterceptor {

    private final FailureSimulation failures;
    private final ContractValidator validator;

    IntakeChecksInterceptor(FailureSimulation failures, ContractValidator validator) {
        super(Phase.USER_PROTOCOL);
        this.failures = failures;
        this.validator = validator;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        VerifiedSender caller = verifiedCaller(message);
        SOAPMessage envelope = message.getContent(SOAPMessage.class);
        String operation = identifyOperation(message.getExchange(), payload(envelope));
        if (!caller.sender().mayCall(operation)) {
            throw new Fault(DepotError.OPERATION_NON_AUTORISEE.fault(operation));
        }
        if (failures.response() == FailureSimulation.Response.FAULT && failures.refusesNextRequest()) {
            throw new Fault(DepotError.SERVICE_INDISPONIBLE.fault());
        }
        requireValidPayload(ReceptionInterceptor.received(message).bytes());
    }

    /** Every request reaching this step was verified; a missing verdict means a wiring mistake, refused. */
    private static VerifiedSender verifiedCaller(SoapMessage message) {
        VerifiedSender caller = (VerifiedSender) message.get(VerifiedSender.KEY);
        if (caller == null) {
            throw new Fault(new GatewayException(ErrorCode.SECURITE_REFUSEE,
                    new SecurityException("no verified caller after the security step"), "-"));
        }
        return caller;
    }

    /** Returns the name of the operation whose wrapper is {@code payload}, recording it on the exchange. */
    private static String identifyOperation(Exchange exchange, Element payload) {
        if (exchange.getBindingOperationInfo() == null) {
            BindingOperationInfo operation = ServiceModelUtil.getOperationForWrapperElement(exchange,
                    new QName(payload.getNamespaceURI(), payload.getLocalName()), false);
            if (operation == null) {
                throw invalid("/" + payload.getNodeName() + " : ce n'est l'élément d'aucune opération du service.",
                        "/" + payload.getNodeName() + ": not the element of any operation of the service.");
            }
            exchange.put(BindingOperationInfo.class, operation);
            exchange.put(OperationInfo.class, operation.getOperationInfo());
        }
        return exchange.getBindingOperationInfo().getName().getLocalPart();
    }

    private void requireValidPayload(byte[] envelope) {
        List<SchemaViolation> violations = validator.validateSoapBody(Contract.PMO_SERVICE, envelope);
        if (!violations.isEmpty()) {
            throw new Fault(DepotError.MESSAGE_INVALIDE.fault(Integer.toString(violations.size()),
                    violations.stream().map(v -> v.xpath() + " (ligne " + v.line() + ", colonne " + v.column()
                            + ") : " + v.messageFr()).collect(Collectors.joining(" ; ")),
                    violations.stream().map(v -> v.xpath() + " (line " + v.line() + ", column " + v.column()
                            + "): " + v.messageEn()).collect(Collectors.joining("; "))));
        }
    }

    private static Element payload(SOAPMessage envelope) {
        try {
            for (Node child = envelope.getSOAPBody().getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    return element;
                }
            }
        } catch (SOAPException e) {
            throw invalid("/ : " + e.getMessage(), "/: " + e.getMessage());
        }
        throw invalid("/ : le corps SOAP est vide.", "/: the SOAP Body is empty.");
    }

    /** A payload that cannot be read as any operation's request: one problem, in French and English. */
    private static Fault invalid(String french, String english) {
        return new Fault(DepotError.MESSAGE_INVALIDE.fault("1", french, english));
    }
}
