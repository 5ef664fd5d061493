package ma.pmogateway.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;

/**
 * The same AO document, context, stylesheets and code lists always give the same PMO bytes, on any
 * thread; and the header names exactly the stylesheet and code-list sets that produced them, in a form
 * an auditor can recompute from the source tree.
 */
class DeterminismTest {

    private static final Path DOCUMENT = Fixtures.TRANSFORM.resolve("ao/fiche-mod-plusieurs-mandants.xml");

    @Test
    void sameInputGivesSameBytes() {
        byte[] first = Fixtures.TRANSFORMER.toPmo(Fixtures.read(DOCUMENT), Fixtures.CONTEXT);
        byte[] second = Fixtures.TRANSFORMER.toPmo(Fixtures.read(DOCUMENT), Fixtures.CONTEXT);
        assertArrayEquals(first, second);
    }

    @Test
    void separatelyCompiledTransformersGiveSameBytes() {
        Transformer other = new Transformer(XsltRuntime.create(), new ContractValidator(new ContractSchemas()));
        assertArrayEquals(Fixtures.TRANSFORMER.toPmo(Fixtures.read(DOCUMENT), Fixtures.CONTEXT),
                other.toPmo(Fixtures.read(DOCUMENT), Fixtures.CONTEXT));
    }

    @Test
    void concurrentTransformationsGiveTheSequentialBytes() throws Exception {
        List<Path> documents = Stream.concat(Fixtures.xmlFiles(Fixtures.TRANSFORM.resolve("ao")).stream(),
                Fixtures.xmlFiles(Fixtures.SAMPLES.resolve("situations")).stream()).toList();
        List<byte[]> sequential = documents.stream()
                .map(document -> Fixtures.TRANSFORMER.toPmo(Fixtures.read(document), Fixtures.CONTEXT)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (Path document : documents) {
                    results.add(pool.submit(() -> Fixtures.TRANSFORMER.toPmo(Fixtures.read(document), Fixtures.CONTEXT)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(sequential.get(i % documents.size()), results.get(i).get(), documents.get(i % documents.size()).toString());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void emissionTimeChangesOnlyTheHeaderTimestamp() {
        TransformContext later = new TransformContext(Fixtures.CONTEXT.exchangeId(), Instant.parse("2027-01-15T23:59:59Z"));
        String first = text(Fixtures.TRANSFORMER.toPmo(Fixtures.read(DOCUMENT), Fixtures.CONTEXT));
        String second = text(Fixtures.TRANSFORMER.toPmo(Fixtures.read(DOCUMENT), later));
        assertEquals(first.replace("2026-10-02T09:00:00Z", "2027-01-15T23:59:59Z"), second);
    }

    @Test
    void headerNamesTheExchangeTheBatchAndTheVersionsUsed() {
        String pmo = text(Fixtures.TRANSFORMER.toPmo(Fixtures.read(DOCUMENT), Fixtures.CONTEXT));
        assertTrue(pmo.contains("<pmo:identifiant-message>" + Fixtures.CONTEXT.exchangeId() + "</pmo:identifiant-message>"));
        assertTrue(pmo.contains("<pmo:emis-le>2026-10-02T09:00:00Z</pmo:emis-le>"));
        assertTrue(pmo.contains("echange=\"" + Fixtures.CONTEXT.exchangeId() + "\""));
        assertTrue(pmo.contains("envoi=\"1d2e3f4a-5b6c-4d7e-9f80-a1b2c3d4e5f6\""));
        assertTrue(pmo.contains("version-transformation=\"" + Fixtures.TRANSFORMER.version() + "\""));
        assertTrue(pmo.contains("version-listes=\"" + Fixtures.TRANSFORMER.codeListsVersion() + "\""));
    }

    @Test
    void stylesheetDigestIsThatOfTheSourceFilesInNameOrder() {
        List<Path> files = filesEndingWith(Path.of("src/main/resources/xslt"), ".xsl");
        assertEquals(files.stream().map(file -> "xslt/" + file.getFileName()).toList(), Transformer.STYLESHEETS,
                "every stylesheet, and only those, in file-name order");
        assertEquals(sha256(files), Fixtures.TRANSFORMER.sha256());
        assertEquals(Transformer.VERSION + ";sha256=" + sha256(files), Fixtures.TRANSFORMER.version());
    }

    @Test
    void codeListDigestIsThatOfTheSourceFilesInNameOrder() {
        List<Path> files = filesEndingWith(Path.of("xsd/codes"), ".xml");
        assertEquals(files.stream().map(file -> file.getFileName().toString()).toList(), CodeLists.FILES);
        CodeLists lists = Fixtures.RUNTIME.codeLists();
        assertEquals(sha256(files), lists.sha256());
        assertEquals(13, lists.versions().size());
        assertTrue(lists.identifier().startsWith("ao-filiales@2026.1,ao-programmes@2026.2,ao-statuts@2026.2,"), lists.identifier());
        assertTrue(lists.identifier().endsWith(",territoire-regions@2026.1;sha256=" + sha256(files)), lists.identifier());
    }

    private static List<Path> filesEndingWith(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            // Sorted by name as the C locale sorts them: `LC_ALL=C ls` in the audit instructions.
            return files.filter(file -> file.toString().endsWith(suffix))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(List<Path> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach(file -> digest.update(Fixtures.read(file)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] document) {
        return new String(document, StandardCharsets.UTF_8);
    }
}
