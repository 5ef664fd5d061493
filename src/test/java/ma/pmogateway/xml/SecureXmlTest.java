package ma.pmogateway.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The parsers handed out per call, from factories kept per thread: each refuses DOCTYPEs on every
 * thread (a factory made lazily on a new thread is hardened too), and each call gets a parser of its own.
 */
class SecureXmlTest {

    private static final String ENTITY_BOMB = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;\">]><r>&b;</r>";
    private static final String EXTERNAL_ENTITY = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM"
            + " \"file:///etc/passwd\">]><r>&x;</r>";

    @Test
    void readersAndBuildersRefuseDoctypesOnEveryThread() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                checks.add(threads.submit(() -> {
                    for (String hostile : List.of(ENTITY_BOMB, EXTERNAL_ENTITY)) {
                        assertRefusedAsDoctype(() -> SecureXml.documentBuilder().parse(bytes(hostile)));
                        assertRefusedAsDoctype(() -> {
                            var reader = SecureXml.xmlReader();
                            reader.setContentHandler(new DefaultHandler());
                            reader.parse(new InputSource(bytes(hostile)));
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void eachCallGetsAParserOfItsOwnThatReadsNamespaces() throws Exception {
        assertNotSame(SecureXml.xmlReader(), SecureXml.xmlReader());
        assertNotSame(SecureXml.documentBuilder(), SecureXml.documentBuilder());
        Document document = SecureXml.documentBuilder().parse(bytes("<a:r xmlns:a=\"urn:x\"/>"));
        assertEquals("urn:x", document.getDocumentElement().getNamespaceURI());
    }

    private interface Parse {
        void run() throws Exception;
    }

    private static void assertRefusedAsDoctype(Parse parse) {
        SAXParseException refused = assertThrows(SAXParseException.class, parse::run);
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
    }

    private static ByteArrayInputStream bytes(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }
}
