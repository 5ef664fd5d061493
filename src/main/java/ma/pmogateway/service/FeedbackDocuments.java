package ma.pmogateway.service;

import java.io.ByteArrayInputStream;

import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;

import org.xml.sax.InputSource;

import ma.pmogateway.contract.ao.RetourPMO;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.xml.SecureXml;

/** Reads the PMO feedback the journal keeps in the Al Omrane format (ao:RetourPMO) back into objects. */
final class FeedbackDocuments {

    private static final JAXBContext CONTEXT = context();

    private FeedbackDocuments() {
    }

    static RetourPMO read(byte[] document) {
        try {
            SAXSource source = new SAXSource(SecureXml.xmlReader(),
                    new InputSource(new ByteArrayInputStream(document)));
            return CONTEXT.createUnmarshaller().unmarshal(source, RetourPMO.class).getValue();
        } catch (JAXBException e) {
            throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, "retour_pmo");
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(RetourPMO.class.getPackageName());
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
