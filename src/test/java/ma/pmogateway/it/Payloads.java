package ma.pmogateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import javax.xml.transform.sax.SAXSource;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.JAXBIntrospector;


import ma.pmogateway.contract.ao.EnvoiFichesProjets;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.xml.SecureXml;

/** Loads the published samples as the generated types, each time with a fresh batch id. */
public final class Payloads {

    private static final JAXBContext CONTEXT = context();

    private Payloads() {
    }

    public static EnvoiFichesProjets fiches(String sample) {
        EnvoiFichesProjets envoi = (EnvoiFichesProjets) read(Path.of("samples/ao/fiches", sample));
        envoi.getEnTete().setIdentifiantEnvoi(UUID.randomUUID().toString());
        return envoi;
    }

    /** Returns the first fiche of {@code sample}, alone in its batch, under the project code {@code project}. */
    public static EnvoiFichesProjets fiche(String sample, String project) {
        EnvoiFichesProjets envoi = fiches(sample);
        envoi.getFicheProjet().subList(1, envoi.getFicheProjet().size()).clear();
        envoi.getFicheProjet().get(0).setCodeProjet(project);
        return envoi;
    }

    public static EnvoiSituations situations(String sample) {
        EnvoiSituations envoi = (EnvoiSituations) read(Path.of("samples/ao/situations", sample));
        envoi.getEnTete().setIdentifiantEnvoi(UUID.randomUUID().toString());
        return envoi;
    }

    private static Object read(Path file) {
        try {
            SAXSource source = SecureXml.source(Files.readAllBytes(file));
            // Since v1.1 the batch elements have named types: JAXB reads them as JAXBElement.
            return JAXBIntrospector.getValue(CONTEXT.createUnmarshaller().unmarshal(source));
        } catch (IOException | JAXBException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }

    private static JAXBContext context() {
        try {
            return JAXBContext.newInstance(EnvoiFichesProjets.class.getPackageName());
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
