package ma.pmogateway.pmo;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.parsers.ParserConfigurationException;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import ma.pmogateway.contract.pmo.DepotFiches;
import ma.pmogateway.contract.pmo.DepotSituations;
import ma.pmogateway.contract.pmo.ObjectFactory;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.xml.SecureXml;

/**
 * The published DeposerFiches and DeposerSituations requests as generated types, each time with a fresh
 * message id and the project reference a test chooses, so that tests sharing one register stay apart.
 */
final class PmoSamples {

    private static final String PMO_NS = "urn:ma:dgct:pmo:v1";
    private static final Path OPERATIONS = Path.of("samples/operations");
    private static final JAXBContext CONTEXT = context();

    private PmoSamples() {
    }

    /** Returns the sample project record (AO-FM-2024-0015) as project {@code code}, with a new message id. */
    static DepotFiches fiches(String code) {
        DepotFiches depot = read("DeposerFiches", "depot-fiches", DepotFiches.class);
        depot.getEntete().setIdentifiantMessage(UUID.randomUUID().toString());
        depot.getProjet().forEach(projet -> projet.getReferenceExterne().setValue(code));
        return depot;
    }

    /** Returns the sample monitoring update (as of 2026-10-31) of project {@code code}, with a new message id. */
    static DepotSituations situations(String code) {
        DepotSituations depot = read("DeposerSituations", "depot-situations", DepotSituations.class);
        depot.getEntete().setIdentifiantMessage(UUID.randomUUID().toString());
        depot.getSuivi().forEach(suivi -> suivi.getReferenceExterne().setValue(code));
        return depot;
    }

    /** Returns the one project of {@code depot}. */
    static Projet projet(DepotFiches depot) {
        return depot.getProjet().get(0);
    }

    /** Returns the one monitoring update of {@code depot}. */
    static Suivi suivi(DepotSituations depot) {
        return depot.getSuivi().get(0);
    }

    /** Returns a fresh project code, unique to this run. */
    static String newProjectCode() {
        return "AO-TEST-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    /** Returns the schema date {@code iso} (AAAA-MM-JJ). */
    static XMLGregorianCalendar date(String iso) {
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(iso);
        } catch (DatatypeConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns {@code days} as a schema integer. */
    static BigInteger days(int days) {
        return BigInteger.valueOf(days);
    }

    private static <T> T read(String operation, String element, Class<T> type) {
        try (InputStream in = Files.newInputStream(OPERATIONS.resolve(operation).resolve("requete.xml"))) {
            Document envelope = SecureXml.documentBuilderFactory().newDocumentBuilder().parse(in);
            Node payload = envelope.getElementsByTagNameNS(PMO_NS, element).item(0);
            return CONTEXT.createUnmarshaller().unmarshal(payload, type).getValue();
        } catch (IOException | ParserConfigurationException | SAXException | JAXBException e) {
            throw new IllegalStateException(operation, e);
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
