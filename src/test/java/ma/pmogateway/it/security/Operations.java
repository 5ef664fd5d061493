package ma.pmogateway.it.security;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.ObjectFactory;

/** The payloads raw requests carry: a batch inside its document/literal operation element, as a DOM. */
public final class Operations {

    /** Namespace of the operation elements (svc:SoumettreProjets…). */
    public static final String SERVICE_NS = "urn:ma:alomrane:suivi-projets:service:v1";

    /** Namespace of Al Omrane's batches (ao:EnvoiFichesProjets…). */
    public static final String AO_NS = "urn:ma:alomrane:suivi-projets:v1";

    private static final JAXBContext CONTEXT = context();
    private static final ObjectFactory FACTORY = new ObjectFactory();

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

    /** Returns {@code svc:ValiderEnvoi} around {@code batch} (an EnvoiFichesProjets or EnvoiSituations). */
    public static Document validerEnvoi(Object batch) {
        Document document = wrap("ValiderEnvoi", null);
        Element envoi = document.createElementNS(SERVICE_NS, "svc:EnvoiAValider");
        document.getDocumentElement().appendChild(envoi);
        marshal(batch, envoi);
        return document;
    }

    /** Returns {@code svc:TransfererProjet} of {@code project} to {@code newOwner}. */
    public static Document transfererProjet(String project, String newOwner) {
        return withFields("TransfererProjet", new String[][] {{"CodeProjet", project},
                {"NouveauProprietaire", newOwner}, {"Motif", "Décision du Directoire n° 2026-114 : restructuration régionale"}});
    }

    /** Returns {@code svc:<operation>} holding one {@code svc:<name>} text element per {name, value} pair. */
    private static Document withFields(String operation, String[][] fields) {
        Document document = wrap(operation, null);
        for (String[] field : fields) {
            Element element = document.createElementNS(SERVICE_NS, "svc:" + field[0]);
            element.setTextContent(field[1]);
            document.getDocumentElement().appendChild(element);
        }
        return document;
    }

    /** Returns {@code svc:ValiderEnvoi} around a copy of the batch document {@code batch}, as it stands. */
    public static Document validerEnvoi(Document batch) {
        Document document = wrap("ValiderEnvoi", null);
        Element envoi = document.createElementNS(SERVICE_NS, "svc:EnvoiAValider");
        document.getDocumentElement().appendChild(envoi);
        envoi.appendChild(document.importNode(batch.getDocumentElement(), true));
        return document;
    }

    /**
     * Returns the submission of a copy of the batch document {@code batch}, as it stands:
     * {@code svc:SoumettreProjets} for an EnvoiFichesProjets, else {@code svc:SoumettreSituations}.
     */
    public static Document submit(Document batch) {
        boolean fiches = "EnvoiFichesProjets".equals(batch.getDocumentElement().getLocalName());
        Document document = wrap(fiches ? "SoumettreProjets" : "SoumettreSituations", null);
        document.getDocumentElement().appendChild(document.importNode(batch.getDocumentElement(), true));
        return document;
    }

    /** Returns {@code svc:ConsulterEchange} of exchange {@code exchangeId}. */
    public static Document consulterEchange(String exchangeId) {
        return withFields("ConsulterEchange", new String[][] {{"IdentifiantEchange", exchangeId}});
    }

    /** Returns the operation element {@code svc:<operation>}, holding {@code batch} unless it is null. */
    private static Document wrap(String operation, Object batch) {
        Document document = Envelopes.newDocument();
        Element wrapper = document.createElementNS(SERVICE_NS, "svc:" + operation);
        Envelopes.declarePrefix(wrapper);
        document.appendChild(wrapper);
        if (batch != null) {
            marshal(batch, wrapper);
        }
        return document;
    }

    /** Since v1.1 the batches have named types: they are marshalled as their global element. */
    private static void marshal(Object batch, Element parent) {
        try {
            Object element = batch instanceof EnvoiFichesProjets fiches ? FACTORY.createEnvoiFichesProjets(fiches)
                    : FACTORY.createEnvoiSituations((EnvoiSituations) batch);
            CONTEXT.createMarshaller().marshal(element, parent);
        } catch (JAXBException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
