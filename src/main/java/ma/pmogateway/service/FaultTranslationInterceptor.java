package ma.pmogateway.service;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.ws.policy.PolicyException;
import org.apache.wss4j.common.ext.WSSecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.security.VerifiedSender;

/**
 * Turns whatever stopped a request into the gateway's one fault format, logs and journals the full
 * cause, and tells the caller only what it should know.
 *
 * <p>Security failures from WSS4J and the policy engine become {@link ErrorCode#SECURITE_REFUSEE}
 * with a correlation id and no detail (no oracle); the gateway's own errors keep their code and
 * problems; anything unexpected is an {@link ErrorCode#ERREUR_INTERNE}. The rejected request is
 * journaled with the complete reason.
 *
 * <p>Once the sender is verified and the operation known, the fault becomes the WSDL's declared fault
 * {@code Erreur}, so the policy attached to it applies and the gateway signs it (with
 * SignatureConfirmation). A failure before that point (unreadable XML, unverifiable security) is
 * answered unsigned: signing answers to unauthenticated traffic would only turn the gateway into a
 * signing oracle.
 */
final class FaultTranslationInterceptor extends AbstractSoapInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(FaultTranslationInterceptor.class);
    private static final String WSSE_NS =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    private final Journal journal;

    FaultTranslationInterceptor(Journal journal) {
        super(Phase.SETUP);
        // Before the policy engine picks the fault's policy from the declared fault it finds.
        addBefore("org.apache.cxf.ws.policy.ServerPolicyOutFaultInterceptor");
        this.journal = journal;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Exception original = message.getContent(Exception.class);
        GatewayException error = classify(original);
        Exchange exchange = message.getExchange();
        ReceivedRequest request = RequestAttributes.received(exchange);
        String correlation = request != null ? request.exchangeId() : UUID.randomUUID().toString();

        LOG.warn("Request {} refused: {}", correlation, error.code(), original);
        journalRefusal(exchange, request, error, original);

        String reason = FaultDetails.text(error, Messages.FRENCH, correlation);
        if (exchange.getBindingOperationInfo() != null && RequestAttributes.sender(exchange) != null) {
            Fault declared = new Fault(new Erreur(reason, FaultDetails.build(error, correlation)));
            declared.setFaultCode(error.code().party() == ErrorCode.Party.SENDER ? Fault.FAULT_CODE_CLIENT
                    : Fault.FAULT_CODE_SERVER);
            message.setContent(Exception.class, declared);
            // The policy engine reads the fault from the exchange to find the declared fault's policy.
            exchange.put(Exception.class, declared);
            return;
        }
        SoapFault fault = new SoapFault(reason, message.getVersion() == Soap12.getInstance()
                ? error.code().soap12FaultCode() : error.code().soap11FaultCode());
        fault.setLang(Locale.FRENCH.getLanguage());
        Element detail = fault.getOrCreateDetail();
        detail.appendChild(detail.getOwnerDocument().importNode(FaultDetails.render(error, correlation), true));
        message.setContent(Exception.class, fault);
    }

    private void journalRefusal(Exchange exchange, ReceivedRequest request, GatewayException error, Exception cause) {
        if (request == null || RequestAttributes.journaled(exchange)) {
            return;
        }
        VerifiedSender sender = RequestAttributes.sender(exchange);
        try {
            journal.recordRejected(request, RequestAttributes.operation(exchange),
                    sender == null ? null : sender.sender().code(), sender == null ? null : sender.thumbprint(),
                    error.reason(), describe(cause));
            RequestAttributes.markJournaled(exchange);
        } catch (GatewayException e) {
            LOG.error("Refusal of request {} could not be journaled", request.exchangeId(), e);
        }
    }

    /** The full cause chain, for the journal: this is where security details go instead of the caller. */
    private static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = cause; t != null && text.length() < 10_000; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }

    private static GatewayException classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException gateway) {
                return gateway;
            }
            if (isVersionMismatch(t)) {
                Problem problem = new Problem(null, false,
                        "La version SOAP de l'enveloppe ne correspond pas à celle de cette adresse (SOAP 1.2 ou 1.1).",
                        "The envelope's SOAP version does not match this address's binding (SOAP 1.2 or 1.1).",
                        "/", -1, -1);
                return new GatewayException(ErrorCode.CONTRAT_INVALIDE, List.of(problem), failure, 1);
            }
            if (t instanceof WSSecurityException || t instanceof PolicyException || isWsSecurityFault(t)) {
                return new GatewayException(ErrorCode.SECURITE_REFUSEE, failure, "-");
            }
        }
        return new GatewayException(ErrorCode.ERREUR_INTERNE, failure, "-");
    }

    private static boolean isVersionMismatch(Throwable t) {
        return t instanceof Fault fault && fault.getFaultCode() != null
                && "VersionMismatch".equals(fault.getFaultCode().getLocalPart());
    }

    private static boolean isWsSecurityFault(Throwable t) {
        return t instanceof Fault fault && fault.getFaultCode() != null
                && WSSE_NS.equals(fault.getFaultCode().getNamespaceURI());
    }
}
