package ma.pmogateway.service;

import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLStreamException;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.Soap12;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Reason;
import ma.pmogateway.journal.ReceivedRequest;
import ma.pmogateway.security.SecurityFailures;

/**
 * Turns whatever stopped a request into the gateway's one fault format, logs and journals the full
 * cause, and tells the caller only what it should know.
 *
 * <p>Security failures from WSS4J and the policy engine become {@link ErrorCode#SECURITE_REFUSEE}
 * with a correlation id and no detail (no oracle), their precise {@link Reason} named by
 * {@link SecurityFailures}; a caller's mistake of transport or envelope that CXF found (SOAP version,
 * mustUnderstand, malformed XML, an unknown document) is a precise {@link ErrorCode#CONTRAT_INVALIDE};
 * the gateway's own errors keep their code and problems; anything unexpected is an
 * {@link ErrorCode#ERREUR_INTERNE}. Every refused request is journaled (verdict REJETE) under the
 * correlation id the caller receives, with its reason and complete cause.
 *
 * <p>Only a fault answering a fully verified signer for a failure that is neither a security nor an
 * envelope one becomes the WSDL's declared fault {@code Erreur}, so the policy attached to it applies
 * and the gateway signs it (with SignatureConfirmation); every other fault is unsigned: signing answers
 * to unauthenticated traffic would turn the gateway into a signing oracle, and signing some security
 * refusals but not others would tell which checks a message passed.
 */
final class FaultTranslationInterceptor extends AbstractSoapInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(FaultTranslationInterceptor.class);

    private final ExchangeRecorder recorder;

    FaultTranslationInterceptor(ExchangeRecorder recorder) {
        super(Phase.SETUP);
        // Before the policy engine picks the fault's policy from the declared fault it finds.
        addBefore("org.apache.cxf.ws.policy.ServerPolicyOutFaultInterceptor");
        this.recorder = recorder;
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Exception original = message.getContent(Exception.class);
        Exchange exchange = message.getExchange();
        Optional<RequestContext> captured = RequestContext.of(exchange);
        GatewayException error = classify(original, exchange, captured.map(RequestContext::received).orElse(null));
        if (captured.isEmpty()) {
            // Stopped before the capture step (a document CXF could not serve): journaled all the same.
            CaptureInterceptor.refuseUnread(message, error);
        }
        RequestContext request = RequestContext.of(exchange).orElseThrow();
        String correlation = request.exchangeId();

        if (error.code().party() == ErrorCode.Party.SENDER) {
            // Expected: one line; the journal keeps the full cause under the correlation id.
            LOG.warn("Request {} refused: {} ({})", correlation, error.code(), error.reason());
        } else {
            LOG.error("Request {} failed: {} ({})", correlation, error.code(), error.reason(), error);
        }
        recorder.refused(request, error);

        String reason = FaultDetails.text(error, Messages.FRENCH, correlation);
        if (answersSigned(exchange, request, error)) {
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
        // Not the declared fault: without this, the policy engine would find the original on the exchange.
        exchange.put(Exception.class, fault);
    }

    /**
     * The one rule for signed faults: signed (as the declared fault, with SignatureConfirmation) only
     * when the signer was fully verified (the coverage step named it) and no security or envelope check
     * failed. Any other fault is unsigned, so that a signed answer never tells an attacker how far
     * his message got (that its signature and certificate were good).
     */
    private static boolean answersSigned(Exchange exchange, RequestContext request, GatewayException error) {
        return exchange.getBindingOperationInfo() != null && request.sender().isPresent()
                && !error.code().isSecurity() && !error.reason().isEnvelope();
    }

    /**
     * The gateway's error for {@code failure}: the gateway's own, as thrown; a security failure with the
     * precise reason {@link SecurityFailures} finds; a caller's mistake of envelope or transport that
     * CXF found; else an internal error.
     */
    private static GatewayException classify(Throwable failure, Exchange exchange, ReceivedRequest request) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GatewayException gateway) {
                return gateway;
            }
        }
        Optional<SecurityFailures.Failure> security = SecurityFailures.classify(failure, exchange,
                request == null ? new byte[0] : request.bytes());
        if (security.isPresent()) {
            return new GatewayException(security.get().reason(),
                    new SecurityException(security.get().detail(), failure), "-");
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (hasFaultCode(t, "VersionMismatch")) {
                return FaultDetails.clientMistake(Reason.SOAP_VERSION_MISMATCH, failure);
            }
            if (hasFaultCode(t, "MustUnderstand")) {
                return FaultDetails.clientMistake(Reason.SOAP_MUST_UNDERSTAND, failure, headersNamed(t.getMessage()));
            }
            if (t instanceof XMLStreamException && isStaxLimit(t.getMessage())) {
                return new GatewayException(staxLimit(t.getMessage()), failure, "-");
            }
            if (t instanceof XMLStreamException || t instanceof CharacterCodingException) {
                return FaultDetails.clientMistake(Reason.XML_MALFORMED, failure, t.getMessage());
            }
        }
        if (exchange.getInMessage() != null && "GET".equals(exchange.getInMessage().get(Message.HTTP_REQUEST_METHOD))) {
            // The capture step lets only ?wsdl and ?xsd= through: CXF did not find the document asked for.
            return FaultDetails.clientMistake(Reason.HTTP_UNKNOWN_DOCUMENT, failure,
                    exchange.getInMessage().get(Message.QUERY_STRING));
        }
        return new GatewayException(ErrorCode.ERREUR_INTERNE, failure, "-");
    }

    /** CXF's own StAX limits (set to the guard's, defence in depth) report "… limit (n) exceeded". */
    private static boolean isStaxLimit(String message) {
        return message != null && message.toLowerCase(Locale.ROOT).contains("limit")
                && message.toLowerCase(Locale.ROOT).contains("exceeded");
    }

    /**
     * The limit CXF's StAX reader hit: its text limit also bounds comments and processing instructions,
     * which the guard's streaming pass may not have measured; any other limit is the catch-all.
     */
    private static Reason staxLimit(String message) {
        return message.startsWith("Text size limit") ? Reason.XML_TEXT_SIZE : Reason.XML_UNREADABLE;
    }

    private static boolean hasFaultCode(Throwable t, String localPart) {
        return t instanceof Fault fault && fault.getFaultCode() != null
                && localPart.equals(fault.getFaultCode().getLocalPart());
    }

    /** The header names in CXF's "MustUnderstand headers: [{ns}name] are not understood". */
    private static String headersNamed(String message) {
        Matcher names = Pattern.compile("\\[(.*)]").matcher(message == null ? "" : message);
        return names.find() ? names.group(1) : "?";
    }
}
