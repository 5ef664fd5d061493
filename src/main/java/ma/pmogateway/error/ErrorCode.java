package ma.pmogateway.error;

import javax.xml.namespace.QName;

/**
 * Every error the gateway can report, with a stable code that integrators may rely on.
 *
 * <p>Each code names who is at fault (the sender or the gateway), which fixes its SOAP 1.1 and
 * SOAP 1.2 fault codes, and whether it is a security failure: security failures are reported with
 * a deliberately generic message (no oracle for an attacker), the full cause going only to the log
 * and the journal. French and English message templates live in {@code messages_fr.properties} and
 * {@code messages_en.properties} beside this class, keyed by the code's name.
 */
public enum ErrorCode {

    /** The payload does not conform to the published XSD; every problem is listed with its location. */
    CONTRAT_INVALIDE(Party.SENDER, false),
    /** The payload breaks one or more business rules; every problem is listed with its rule and location. */
    REGLE_METIER(Party.SENDER, false),
    /** An authenticated sender asked for an operation, region or exchange outside its rights. */
    NON_AUTORISE(Party.SENDER, false),
    /** The message's WS-Security could not be verified (signature, certificate, timestamp, replay…). */
    SECURITE_REFUSEE(Party.SENDER, true),
    /** The XML was refused before reading: DOCTYPE, entity, size, depth or count limits. */
    XML_REFUSE(Party.SENDER, true),
    /** The batch identifier was already used by an accepted batch with different content. */
    ENVOI_EN_DOUBLE(Party.SENDER, false),
    /** No exchange with this identifier is visible to the caller. */
    ECHANGE_INCONNU(Party.SENDER, false),
    /** The gateway's translation produced a document the PMO schema refuses: a defect on our side. */
    TRANSFORMATION_INVALIDE(Party.GATEWAY, false),
    /** The gateway could not complete the request (for example the journal commit failed); nothing was kept. */
    ERREUR_INTERNE(Party.GATEWAY, false),
    /** The gateway is temporarily unable to accept requests; retry later with the same batch. */
    SERVICE_INDISPONIBLE(Party.GATEWAY, false),
    /** The operator's configuration is missing or wrong (file, key, value); reported at start-up. */
    CONFIGURATION_INVALIDE(Party.GATEWAY, false);

    /** Who caused the error, which decides the SOAP fault code. */
    public enum Party { SENDER, GATEWAY }

    private static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";

    private final Party party;
    private final boolean security;

    ErrorCode(Party party, boolean security) {
        this.party = party;
        this.security = security;
    }

    /** Returns who is at fault. */
    public Party party() {
        return party;
    }

    /**
     * Returns true if the message's only argument is the correlation reference: the caller learns that
     * it failed and whom to quote, nothing more.
     */
    public boolean citesCorrelationOnly() {
        return this == SECURITE_REFUSEE || this == XML_REFUSE || this == TRANSFORMATION_INVALIDE
                || this == ERREUR_INTERNE;
    }

    /** Returns true for security failures, whose reply must not reveal their cause. */
    public boolean isSecurity() {
        return security;
    }

    /** Returns the SOAP 1.1 fault code: {@code soap:Client} or {@code soap:Server}. */
    public QName soap11FaultCode() {
        return new QName(SOAP11_NS, party == Party.SENDER ? "Client" : "Server");
    }

    /** Returns the SOAP 1.2 fault code: {@code env:Sender} or {@code env:Receiver}. */
    public QName soap12FaultCode() {
        return new QName(SOAP12_NS, party == Party.SENDER ? "Sender" : "Receiver");
    }
}
