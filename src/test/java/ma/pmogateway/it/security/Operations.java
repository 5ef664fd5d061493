package ma.pmogateway.it.security;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;

/** The payloads raw requests carry: a batch inside its document/literal operation element, as a DOM. */
public final class Operations {

    /** Namespace of the operation elements (svc:SoumettreProjets…). */
    public static final String SERVICE_NS = "urn:ma:alomrane:suivi-projets:service:v1";

    /** Namespace of Al Omrane's batches (ao:EnvoiFichesProjets…). */
    public static final String AO_NS = "urn:ma:alomrane:suivi-projets:v1";

    private static final JAXBContext CONTEXT = context();

    private Operations() {
    }

    /** Returns {@code svc:SoumettreProjets} around {@code envoi}. */
    public static Document soumettreProjets(EnvoiFichesProjets envoi) {
        return wrap("SoumettreProjets", envoi);
    }

    /** Returns {@code svc:SoumettreSituations} around {@code envoi}. */
    public static Document soumettreSituations(EnvoiSituations envoi) {
        return wrap("SoumettreSituations", envoi);
    }

    private static Document wrap(String operation, Object batch) {
        Document document = Envelopes.newDocument();
        Element wrapper = document.createElementNS(SERVICE_NS, "svc:" + operation);
        Envelopes.declarePrefix(wrapper);
        document.appendChild(wrapper);
        try {
            CONTEXT.createMarshaller().marshal(batch, wrapper);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
        return document;
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(EnvoiFichesProjets.class, EnvoiSituations.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
