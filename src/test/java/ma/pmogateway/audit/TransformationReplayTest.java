package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.journal.ArtefactArchive;
import ma.pmogateway.security.CanonicalXml;
import ma.pmogateway.transform.BundledFiles;
import ma.pmogateway.transform.TransformContext;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.XsltRuntime;

/**
 * The audit re-runs the stylesheets and code lists a record names: this build's, or an earlier set the
 * gateway archived, once its contents are shown to match the identifier recorded in the chain.
 */
class TransformationReplayTest {

    private static final String EXCHANGE = UUID.randomUUID().toString();
    private static final Instant RECEIVED = Instant.parse("2026-11-28T10:15:30.250Z");

    private final TestJournal journal = TestJournal.create();
    private ArtefactArchive archive;
    private Transformer build;
    private Transformer earlier;
    private byte[] request;
    private byte[] batch;

    @BeforeEach
    void prepare() throws Exception {
        archive = new ArtefactArchive(journal.database().dataSource());
        build = TestJournal.transformer();
        // An earlier release: the same stylesheets but one comment, hence another digest and identifier.
        Map<String, byte[]> files = build.stylesheets().contents();
        files.put("xslt/ao-vers-pmo-commun.xsl", (new String(files.get("xslt/ao-vers-pmo-commun.xsl"),
                StandardCharsets.UTF_8) + "<!-- 0.9.0 -->\n").getBytes(StandardCharsets.UTF_8));
        earlier = build.with(BundledFiles.of("0.9.0", files), XsltRuntime.create().codeLists().files());
        String fiches = Files.readString(Path.of("samples/ao/fiches/01-vsb-hmr-casablanca.xml"))
                .replaceFirst("<\\?xml[^>]*\\?>", "");
        request = ("<env:Envelope xmlns:env=\"" + SignedRequests.SOAP12 + "\"><env:Body>"
                + "<svc:SoumettreProjets xmlns:svc=\"urn:ma:alomrane:suivi-projets:service:v1\">" + fiches
                + "</svc:SoumettreProjets></env:Body></env:Envelope>").getBytes(StandardCharsets.UTF_8);
        var envelope = EnvelopedSignature.parse(request);
        batch = CanonicalXml.exclusive((org.w3c.dom.Element) envelope.getElementsByTagNameNS(
                "urn:ma:alomrane:suivi-projets:v1", "EnvoiFichesProjets").item(0));
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void reproducesARecordMadeWithThisBuildsSets() throws Exception {
        byte[] stored = translate(build);

        assertEquals(TransformationReplay.Outcome.REPRODUCED, replay().check(EXCHANGE, RECEIVED, request,
                build.version(), build.codeListsVersion(), stored));
    }

    @Test
    void reproducesARecordMadeWithAnEarlierArchivedSet() throws Exception {
        byte[] stored = translate(earlier);
        archiveEarlierSets();

        assertEquals(TransformationReplay.Outcome.REPRODUCED, replay().check(EXCHANGE, RECEIVED, request,
                earlier.version(), earlier.codeListsVersion(), stored));
    }

    @Test
    void doesNotReRunSetsThatAreNeitherThisBuildsNorArchived() throws Exception {
        assertEquals(TransformationReplay.Outcome.VERSIONS_UNAVAILABLE, replay().check(EXCHANGE, RECEIVED, request,
                earlier.version(), earlier.codeListsVersion(), translate(earlier)));
    }

    /** Attack: the archived earlier stylesheets are edited so that a forged document "reproduces". */
    @Test
    void refusesAnArchivedSetAlteredSinceItWasRecorded() throws Exception {
        archiveEarlierSets();
        journal.tamper("UPDATE artefact SET contenu = CAST(X'3c212d2d2d3e' AS BINARY VARYING) WHERE rang = 1 "
                + "AND identifiant = '" + earlier.version() + "'");

        VerificationFailure failure = assertThrows(VerificationFailure.class, () -> replay().check(EXCHANGE, RECEIVED,
                request, earlier.version(), earlier.codeListsVersion(), translate(earlier)));
        assertTrue(failure.getMessage().contains("archive altered"), failure.getMessage());
    }

    @Test
    void namesAStoredDocumentThatDiffers() throws Exception {
        byte[] stored = translate(build);
        stored[stored.length / 2] ^= 1;

        VerificationFailure failure = assertThrows(VerificationFailure.class, () -> replay().check(EXCHANGE, RECEIVED,
                request, build.version(), build.codeListsVersion(), stored));
        assertTrue(failure.getMessage().contains("first difference at byte " + stored.length / 2), failure.getMessage());
    }

    private TransformationReplay replay() {
        return new TransformationReplay(build, archive);
    }

    private byte[] translate(Transformer transformer) {
        return transformer.translate(batch, new TransformContext(UUID.fromString(EXCHANGE), RECEIVED)).document();
    }

    private void archiveEarlierSets() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        archive.keep(earlier.version(), earlier.stylesheets().contents(), now);
        archive.keep(earlier.codeListsVersion(), XsltRuntime.create().codeLists().files().contents(), now);
    }
}
