package ma.pmogateway.pmo;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.GregorianCalendar;

import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import javax.xml.namespace.QName;
import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.JAXBException;


import ma.pmogateway.contract.pmo.AccuseDepot;
import ma.pmogateway.contract.pmo.ObjectFactory;
import ma.pmogateway.contract.pmo.Projet;
import ma.pmogateway.contract.pmo.Suivi;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/**
 * The PMO schema's documents as bytes, for the register: acknowledgements (stored, and read back for a
 * redelivery) and the deposited projects and monitoring updates; and the PMO's timestamps.
 *
 * <p>Timestamps are given in the PMO's own time zone (Africa/Casablanca), to the millisecond, so that
 * an acknowledgement read back from the register is the one first given, to the letter.
 */
final class PmoXml {

    /** The PMO's time zone, which also decides the year of a PMO reference. */
    static final ZoneId PMO_ZONE = ZoneId.of("Africa/Casablanca");

    private static final String PMO_NS = "urn:ma:dgct:pmo:v1";
    private static final JAXBContext CONTEXT = context();
    private static final DatatypeFactory DATATYPES = datatypes();

    private PmoXml() {
    }

    /** Returns {@code accuse} as a {@code pmo:accuse-depot} document. */
    static byte[] acknowledgement(AccuseDepot accuse) {
        return marshal(new ObjectFactory().createAccuseDepot(accuse));
    }

    /** Returns the acknowledgement stored as {@code document}. */
    static AccuseDepot acknowledgement(byte[] document) {
        try {
            SAXSource source = SecureXml.source(document);
            return CONTEXT.createUnmarshaller().unmarshal(source, AccuseDepot.class).getValue();
        } catch (JAXBException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "pmo_depot.accuse");
        }
    }

    /** Returns {@code projet} as a {@code pmo:projet} document. */
    static byte[] projet(Projet projet) {
        return marshal(new JAXBElement<>(new QName(PMO_NS, "projet"), Projet.class, projet));
    }

    /** Returns {@code suivi} as a {@code pmo:suivi} document. */
    static byte[] suivi(Suivi suivi) {
        return marshal(new JAXBElement<>(new QName(PMO_NS, "suivi"), Suivi.class, suivi));
    }

    /** Returns {@code instant} as a schema timestamp in the PMO's time zone, to the millisecond. */
    static XMLGregorianCalendar timestamp(Instant instant) {
        return DATATYPES.newXMLGregorianCalendar(GregorianCalendar.from(instant.atZone(PMO_ZONE)));
    }

    private static byte[] marshal(JAXBElement<?> element) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CONTEXT.createMarshaller().marshal(element, out);
        } catch (JAXBException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, element.getName());
        }
        return out.toByteArray();
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(ObjectFactory.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static DatatypeFactory datatypes() {
        try {
            return DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
