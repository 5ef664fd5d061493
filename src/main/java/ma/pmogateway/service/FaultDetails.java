package ma.pmogateway.service;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.common.DetailErreur;
import ma.pmogateway.contract.common.Emplacement;
import ma.pmogateway.contract.common.Gravite;
import ma.pmogateway.contract.common.Message;
import ma.pmogateway.contract.common.ObjectFactory;
import ma.pmogateway.contract.common.Probleme;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.error.Messages;
import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Reason;
import ma.pmogateway.xml.SecureXml;

/**
 * Renders a {@link GatewayException} as the {@code cm:DetailErreur} of a SOAP fault: code, French and
 * English messages, correlation id and, except for security failures, every located problem.
 */
final class FaultDetails {

    private static final JAXBContext CONTEXT = createContext();

    private FaultDetails() {
    }

    /** Returns the caller-facing text of {@code error} in {@code locale}, citing {@code correlation} where due. */
    static String text(GatewayException error, Locale locale, String correlation) {
        ErrorCode code = error.code();
        return code.citesCorrelationOnly() ? Messages.text(code, locale, correlation) : error.text(locale);
    }

    /** Returns a {@code cm:DetailErreur} element for {@code error}, owned by a new document. */
    static Element render(GatewayException error, String correlation) {
        DetailErreur detail = build(error, correlation);
        try {
            Document document = SecureXml.documentBuilder().newDocument();
            CONTEXT.createMarshaller().marshal(new ObjectFactory().createDetailErreur(detail), document);
            return document.getDocumentElement();
        } catch (JAXBException e) {
            throw new IllegalStateException("fault detail cannot be rendered", e);
        }
    }

    /** Returns the {@code cm:DetailErreur} of {@code error}: code, both messages, correlation, problems. */
    static DetailErreur build(GatewayException error, String correlation) {
        DetailErreur detail = new DetailErreur();
        detail.setCode(error.code().name());
        detail.getMessage().add(message(text(error, Messages.FRENCH, correlation), "fr"));
        detail.getMessage().add(message(text(error, Messages.ENGLISH, correlation), "en"));
        detail.setIdentifiantCorrelation(correlation);
        if (!error.code().isSecurity()) {
            error.problems().forEach(problem -> detail.getProbleme().add(probleme(problem)));
        }
        return detail;
    }

    /**
     * Returns the refusal of a caller's mistake of transport or envelope (wrong method, content type,
     * charset, SOAP version, header): a {@link Reason} of {@link ErrorCode#CONTRAT_INVALIDE} with its one
     * problem, worded from the template {@code probleme.<reason>} with {@code arguments}, at the document's root.
     */
    static GatewayException clientMistake(Reason reason, Throwable cause, Object... arguments) {
        Problem problem = Problem.error(Problem.Step.CONTRAT, null, "/", -1, -1,
                Messages.problem(reason.name(), Messages.FRENCH, arguments),
                Messages.problem(reason.name(), Messages.ENGLISH, arguments));
        return new GatewayException(reason, List.of(problem), cause, 1);
    }

    /** Returns {@code problem} as a {@code cm:Probleme}. */
    static Probleme probleme(Problem problem) {
        Probleme probleme = new Probleme();
        probleme.setRegle(problem.ruleId());
        probleme.setGravite(problem.warning() ? Gravite.AVERTISSEMENT : Gravite.ERREUR);
        probleme.getMessage().add(message(problem.messageFr(), "fr"));
        probleme.getMessage().add(message(problem.messageEn(), "en"));
        if (problem.xpath() != null) {
            Emplacement location = new Emplacement();
            location.setXpath(problem.xpath());
            if (problem.line() > 0) {
                location.setLigne(BigInteger.valueOf(problem.line()));
            }
            if (problem.column() > 0) {
                location.setColonne(BigInteger.valueOf(problem.column()));
            }
            probleme.setEmplacement(location);
        }
        return probleme;
    }

    private static Message message(String text, String language) {
        Message message = new Message();
        message.setValue(text);
        message.setLang(language);
        return message;
    }

    private static JAXBContext createContext() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
