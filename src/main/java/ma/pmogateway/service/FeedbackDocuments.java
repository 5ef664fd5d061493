package ma.pmogateway.service;


import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;


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
            SAXSource source = SecureXml.source(document);
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
