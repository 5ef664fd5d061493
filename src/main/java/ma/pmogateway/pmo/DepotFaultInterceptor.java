package ma.pmogateway.pmo;

import java.util.Locale;
import java.util.UUID;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ma.pmogateway.contract.pmo.ws.ErreurDepot;
import ma.pmogateway.exchange.ReceivedRequest;
import ma.pmogateway.security.VerifiedSender;

/**
 * Gives every failure of the reference PMO the form its contract declares, and tells the caller only
 * what it should know.
 *
 * <p>Once the caller is verified and the operation known, every failure is the declared fault
 * ErreurDepot, so the policy attached to it applies and the PMO signs it (with SignatureConfirmation):
 * the PMO's own refusals keep their code, anything unexpected becomes {@code ERREUR_INTERNE},
 * temporary, citing the request's reception id (the cause goes to the log under that id). Before
 * that point (security refused, caller not registered, unreadable message) the answer is an unsigned
 * generic fault citing only the reception id: no oracle for an attacker, and no signature over
 * unauthenticated traffic.
 */
final class DepotFaultInterceptor extends AbstractSoapInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(DepotFaultInterceptor.class);

    DepotFaultInterceptor() {
        super(Phase.SETUP);
        // Before the policy engine picks the fault's policy from the declared fault it finds.
        addBefore("org.apache.cxf.ws.policy.ServerPolicyOutFaultInterceptor");
    }

    @Override
    public void handleMessage(SoapMessage message) {
        Exception original = message.getContent(Exception.class);
        Exchange exchange = message.getExchange();
        ReceivedRequest received = ReceptionInterceptor.received(message);
        String correlation = received != null ? received.exchangeId() : UUID.randomUUID().toString();
        if (!callerVerified(exchange) || exchange.getBindingOperationInfo() == null) {
            LOG.warn("Deposit {} refused before its caller and operation were known", correlation, original);
            SoapFault refusal = new SoapFault("Requête refusée par le service de dépôt du PMO. Référence : "
                    + correlation, message.getVersion().getSender());
            refusal.setLang(Locale.FRENCH.getLanguage());
            message.setContent(Exception.class, refusal);
            return;
        }
        ErreurDepot error = declared(original);
        if (error == null) {
            LOG.error("Deposit {} failed", correlation, original);
            error = DepotError.ERREUR_INTERNE.fault(correlation);
        } else {
            LOG.info("Deposit answered {}: {}", error.getFaultInfo().getCode(), error.getMessage());
        }
        Fault fault = new Fault(error);
        fault.setFaultCode(error.getFaultInfo().isTemporaire() ? Fault.FAULT_CODE_SERVER : Fault.FAULT_CODE_CLIENT);
        message.setContent(Exception.class, fault);
        // The policy engine reads the fault from the exchange to find the declared fault's policy.
        exchange.put(Exception.class, fault);
    }

    private static boolean callerVerified(Exchange exchange) {
        Message in = exchange.getInMessage();
        return in != null && in.get(VerifiedSender.KEY) != null;
    }

    private static ErreurDepot declared(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ErreurDepot error) {
                return error;
            }
        }
        return null;
    }
}
