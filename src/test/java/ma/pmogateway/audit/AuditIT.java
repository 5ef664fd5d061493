package ma.pmogateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import ma.pmogateway.cli.AuditCommand;
import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Identities;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.journal.Database;

/**
 * The auditor's tools on a journal written by a real gateway: four exchanges (fiches accepted and
 * delivered to the PMO sandbox, situations accepted and delivered, the fiches again as a retry, and a
 * refused request), then a signed checkpoint. Each test works on its own copy of that journal, tampers
 * with it as a database administrator could, and expects {@code audit verify} to name the problem.
 * The evidence bundle is checked by {@code audit verify-bundle} and by {@code sha256sum},
 * {@code xmllint}, {@code openssl} and {@code xmlsec1} with the commands of docs/AUDIT.md (the test
 * fails if one of them is missing).
 */
class AuditIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static Path pristine;
    private static List<String> exchanges;

    private Path config;
    private Path copy;

    @BeforeAll
    static void recordFourExchangesAndACheckpoint() throws Exception {
        TestGateway gateway = TestGateway.start();
        try {
            SuiviProjets aoCs = Clients.soap12(gateway.soap12Address(), "ao-cs");
            var fiches = Payloads.fiches("01-vsb-hmr-casablanca.xml");
            aoCs.soumettreProjets(fiches);
            aoCs.soumettreSituations(Payloads.situations("01-vsb-casablanca.xml"));
            aoCs.soumettreProjets(fiches);
            SuiviProjets aoRsk = Clients.soap12(gateway.soap12Address(), "ao-rsk");
            assertThrows(Exception.class, () -> aoRsk.soumettreProjets(fiches));
            // Delivered once everything is journaled, so that the chain's order is known (below).
            gateway.restart(Map.of("delivery.enabled", "true", "delivery.poll-interval-ms", "100"));
            awaitDelivered(gateway.outbox());
        } finally {
            gateway.close();
        }
        pristine = gateway.dataDir();
        try (Database database = open(pristine)) {
            // The clean stop wrote the checkpoint of the head as it stood: there is nothing left to seal.
            assertTrue(Checkpoints.of(database.dataSource(), Identities.of("gateway")).writeIfHeadMoved().isEmpty(),
                    "the clean stop checkpoints the journal");
            exchanges = query(database, "SELECT id FROM echange ORDER BY sequence");
            assertEquals(List.of("ACCEPTE", "ACCEPTE", "DOUBLON", "REJETE"),
                    query(database, "SELECT verdict FROM echange ORDER BY sequence"));
            // Each record is followed in the chain by its answer: records at 1, 3, 5, 7, answers at 2, 4, 6, 8;
            // then the two deliveries, at 9 and 10.
            assertEquals(List.of("1", "3", "5", "7"), query(database, "SELECT sequence FROM echange ORDER BY sequence"));
            assertEquals(List.of("9", "10"), query(database, "SELECT sequence FROM livraison ORDER BY sequence"));
        }
    }

    @BeforeEach
    void copyTheJournal() throws IOException {
        copy = Files.createTempDirectory("pmo-gateway-audit-it");
        try (Stream<Path> files = Files.list(pristine)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        config = copy.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + copy.toString().replace('\\', '/') + "\ndatabase.embedded-engine=h2\n");
    }

    @Test
    void provesTheIntactJournalUpToItsCheckpoint() {
        Result verify = audit("verify");

        assertEquals(0, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("records checked: 4, signatures verified: 2, transformations reproduced: 2, "
                + "transformations not re-run: 0, deliveries verified: 2, checkpoints verified: 2, evidence gaps: 0, problems: 0"),
                verify.out);
        assertTrue(verify.out.contains("proven up to checkpoint 2 (sequence 10)"), verify.out);
    }

    @Test
    void namesTheExchangeWhoseStoredRequestLostOneByte() throws SQLException {
        try (Database database = open(copy); Connection connection = database.dataSource().getConnection()) {
            byte[] request = storedRequest(database, exchanges.get(0));
            int inBody = new String(request, StandardCharsets.ISO_8859_1).indexOf("Body") + 100;
            request[inBody] ^= 1;
            try (PreparedStatement update = connection.prepareStatement("UPDATE echange SET requete = ? WHERE id = ?")) {
                update.setBytes(1, request);
                update.setString(2, exchanges.get(0));
                update.executeUpdate();
            }
        }

        Result verify = audit("verify");

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("sequence 1 exchange " + exchanges.get(0) + ": stored request does not match its digest"),
                verify.out);
        assertTrue(verify.out.contains("sequence 1 exchange " + exchanges.get(0) + ": stored request: "), verify.out);
    }

    @Test
    void namesTheGapLeftByARecordDeletedInTheMiddle() {
        tamper("DELETE FROM reponse WHERE sequence = 6",
                "DELETE FROM echange_element WHERE echange_id IN (SELECT id FROM echange WHERE sequence = 5)",
                "DELETE FROM echange WHERE sequence = 5");

        Result verify = audit("verify");

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("sequence 7 exchange " + exchanges.get(3) + ": sequence 7 where 5 was expected"),
                verify.out);
        assertTrue(verify.out.contains("no checkpoint proves the journal"), verify.out);
    }

    @Test
    void catchesTheLastRecordsDeletedWithTheHeadRewoundThroughTheCheckpoint() {
        tamper("DELETE FROM livraison", "DELETE FROM reponse WHERE sequence > 4",
                "DELETE FROM echange_element WHERE echange_id IN (SELECT id FROM echange WHERE sequence > 4)",
                "DELETE FROM echange WHERE sequence > 4",
                "UPDATE chaine_tete SET sequence = 4, hash = (SELECT hash FROM reponse WHERE sequence = 4) WHERE id = 1");

        Result verify = audit("verify");

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("checkpoint 2 (sequence 10): no record at that sequence; the journal ends at 4 "
                + "(records removed after the checkpoint)"), verify.out);
        assertTrue(verify.out.contains("sequence 1 exchange " + exchanges.get(0)
                + ": marked delivered, but its delivery is not in the chain"), verify.out);
        // Both checkpoints (the restart's stop sealed sequence 8, the last stop sequence 10) name the removal.
        assertTrue(verify.out.contains("checkpoint 1 (sequence 8): no record at that sequence"), verify.out);
        assertTrue(verify.out.contains("problems: 4"), verify.out);
    }

    @Test
    void namesBothRecordsOfASwappedPair() {
        tamper("UPDATE echange SET sequence = -1 WHERE sequence = 5", "UPDATE echange SET sequence = 5 WHERE sequence = 7",
                "UPDATE echange SET sequence = 7 WHERE sequence = -1");

        Result verify = audit("verify");

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("exchange " + exchanges.get(3) + ": "), verify.out);
        assertTrue(verify.out.contains("exchange " + exchanges.get(2) + ": "), verify.out);
    }

    @Test
    void namesTheExchangeWhoseStoredPmoDocumentWasChanged() throws SQLException {
        try (Database database = open(copy); Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT document FROM outbox WHERE echange_id = ?");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE outbox SET document = ? WHERE echange_id = ?")) {
            select.setString(1, exchanges.get(1));
            byte[] document;
            try (ResultSet row = select.executeQuery()) {
                row.next();
                document = row.getBytes(1);
            }
            document[document.length / 2] ^= 1;
            update.setBytes(1, document);
            update.setString(2, exchanges.get(1));
            update.executeUpdate();
        }

        Result verify = audit("verify");

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("sequence 3 exchange " + exchanges.get(1)
                + ": stored PMO document is not what the recorded transformation gives (first difference at byte "),
                verify.out);
        assertTrue(verify.out.contains("transformations reproduced: 1,"), verify.out);
    }

    /** The receipt of one exchange put in the place of another's, digest included: the chain names it. */
    @Test
    void namesTheExchangeWhoseReceiptWasReplaced() {
        tamper("UPDATE reponse SET (reponse, empreinte_reponse) = (SELECT reponse, empreinte_reponse FROM reponse "
                + "WHERE echange_id = '" + exchanges.get(1) + "') WHERE echange_id = '" + exchanges.get(0) + "'");

        Result verify = audit("verify");

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("sequence 2 exchange " + exchanges.get(0) + ": answer altered: hash does not recompute"),
                verify.out);
    }

    /** A partial audit checks the records of its range only, and shows its progress when asked. */
    @Test
    void verifiesATimeRangeWithAProgressBar() throws SQLException {
        String from;
        try (Database database = open(copy); Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT recu_le FROM echange WHERE id = ?")) {
            select.setString(1, exchanges.get(1));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                from = row.getTimestamp(1).toInstant().toString();
            }
        }

        Result verify = audit("verify", "--from", from, "--progress");

        assertEquals(0, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("records checked: 3, signatures verified: 1, transformations reproduced: 1"),
                verify.out);
        assertTrue(verify.out.contains("] 100% 1/1 accepted records"), verify.out);
    }

    @Test
    void exportsABundleThatTheGatewayAndStandardToolsVerify() throws Exception {
        Path zip = copy.resolve("preuve.zip");
        assertEquals(0, audit("export", "--exchange", exchanges.get(0), "--out", zip.toString()).exitCode);

        Result verify = cli("audit", "verify-bundle", zip.toString(), "--gateway-cert",
                Identities.certificateFile("gateway").toString());
        assertEquals(0, verify.exitCode, verify.out);
        Path files = unzip(zip, copy.resolve("preuve"));
        for (String evidence : List.of("reponse.xml", "document-pmo.xml", "message-pmo.xml", "accuse-pmo.xml")) {
            assertTrue(Files.exists(files.resolve(evidence)), evidence + " is in the bundle");
        }

        for (String command : AUDITOR_COMMANDS) {
            run(files, command);
        }
    }

    @Test
    void namesTheBundleFileThatWasChanged() throws Exception {
        Path zip = copy.resolve("preuve.zip");
        audit("export", "--exchange", exchanges.get(0), "--out", zip.toString());
        EvidenceBundleTest.rewrite(zip, files -> {
            files.get("document-pmo.xml")[50] ^= 1;
            return files;
        });

        Result verify = cli("audit", "verify-bundle", zip.toString(), "--ca-cert",
                Identities.certificateFile("ca").toString());

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("PROBLEM document-pmo.xml: SHA-256 differs from the manifest"), verify.out);
    }

    /** One bundle per exchange of a project, each verifiable on its own. */
    @Test
    void exportsTheBundlesOfAProject() throws Exception {
        String project;
        try (Database database = open(copy)) {
            project = query(database, "SELECT reference FROM echange_element WHERE echange_id = '" + exchanges.get(1)
                    + "'").get(0);
        }
        Path folder = copy.resolve("projet");

        Result export = audit("export", "--project", project, "--out", folder.toString());

        assertEquals(0, export.exitCode, export.out);
        // The fiches, the situations, and the retry of the fiches (DOUBLON): each exchange with an item of the project.
        assertTrue(export.out.contains("3 bundles written to " + folder), export.out);
        for (String exchange : List.of(exchanges.get(0), exchanges.get(1), exchanges.get(2))) {
            Result verify = cli("audit", "verify-bundle", folder.resolve(exchange + ".zip").toString(), "--gateway-cert",
                    Identities.certificateFile("gateway").toString());
            assertEquals(0, verify.exitCode, verify.out);
        }
    }

    /**
     * An insider with the gateway's key swaps in another exchange's (genuine, signed) receipt and
     * re-signs the manifest: the receipt does not confirm this request's signature.
     */
    @Test
    void namesAReceiptThatAnswersAnotherRequest() throws Exception {
        Path zip = copy.resolve("preuve.zip");
        Path other = copy.resolve("autre.zip");
        audit("export", "--exchange", exchanges.get(0), "--out", zip.toString());
        audit("export", "--exchange", exchanges.get(1), "--out", other.toString());
        byte[] otherReceipt = Files.readAllBytes(unzip(other, copy.resolve("autre")).resolve("reponse.xml"));
        EvidenceBundleTest.rewrite(zip, files -> {
            files.put("reponse.xml", otherReceipt);
            files.put("manifest.xml", EvidenceBundleTest.reSigned(files.get("manifest.xml"), Identities.of("gateway")));
            return files;
        });

        Result verify = cli("audit", "verify-bundle", zip.toString(), "--gateway-cert",
                Identities.certificateFile("gateway").toString());

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("PROBLEM reponse.xml: does not confirm the request's signature"), verify.out);
    }

    @Test
    void namesTheKeyThatReSignedTheManifest() throws Exception {
        Path zip = copy.resolve("preuve.zip");
        audit("export", "--exchange", exchanges.get(1), "--out", zip.toString());
        EvidenceBundleTest.rewrite(zip, files -> {
            files.put("manifest.xml", EvidenceBundleTest.reSigned(files.get("manifest.xml"), Identities.of("ao-cs")));
            return files;
        });

        Result verify = cli("audit", "verify-bundle", zip.toString(), "--gateway-cert",
                Identities.certificateFile("gateway").toString());

        assertEquals(1, verify.exitCode, verify.out);
        assertTrue(verify.out.contains("PROBLEM manifest.xml: signed by CN=AO-CS"), verify.out);
        assertTrue(verify.out.contains("not by the trusted gateway certificate"), verify.out);
    }

    /** The commands of docs/AUDIT.md, run in the unzipped bundle; each must exit 0. */
    private static final List<String> AUDITOR_COMMANDS = List.of(
            "xmllint --nonet --xpath \"string(//*[local-name()='sha256sum'])\" manifest.xml > SHA256SUMS",
            "sha256sum -c SHA256SUMS",
            "xmlsec1 --verify --pubkey-cert-pem gateway.crt.pem manifest.xml",
            "xmlsec1 --verify --trusted-pem ca.crt.pem manifest.xml",
            signerCertificate("requete.xml", "emetteur"),
            "RECU_LE=$(xmllint --nonet --xpath \"string(//*[local-name()='echange']/@recu-le)\" manifest.xml);"
                    + " openssl verify -attime \"$(date -u -d \"$RECU_LE\" +%s)\" -CAfile ca.crt.pem"
                    + " -CRLfile ca.crl.pem -crl_check emetteur.crt.pem",
            soapSignature("emetteur.crt.pem", "requete.xml"),
            soapSignature("gateway.crt.pem", "reponse.xml"),
            soapSignature("gateway.crt.pem", "message-pmo.xml"),
            signerCertificate("accuse-pmo.xml", "pmo"),
            "openssl verify -CAfile ca.crt.pem -CRLfile ca.crl.pem -crl_check pmo.crt.pem",
            soapSignature("pmo.crt.pem", "accuse-pmo.xml"));

    /** Extracts the certificate that signed {@code message} (its BinarySecurityToken) into {@code name}.crt.pem. */
    private static String signerCertificate(String message, String name) {
        return "xmllint --nonet --xpath \"string(//*[local-name()='BinarySecurityToken'])\" " + message
                + " | tr -d ' \\r\\n' | base64 -d > " + name + ".der; "
                + "openssl x509 -inform DER -in " + name + ".der -out " + name + ".crt.pem";
    }

    /** Verifies the WS-Security signature of {@code message} with xmlsec1, by the key of {@code certificate}. */
    private static String soapSignature(String certificate, String message) {
        return "xmlsec1 --verify --pubkey-cert-pem " + certificate
                + " --id-attr:Id http://www.w3.org/2003/05/soap-envelope:Body"
                + " --id-attr:Id http://schemas.xmlsoap.org/soap/envelope/:Body"
                + " --id-attr:Id http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp"
                + " --id-attr:Id http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd:SignatureConfirmation"
                + " --enabled-reference-uris same-doc"
                + " --node-xpath \"/*[local-name()='Envelope']/*[local-name()='Header']/*[local-name()='Security']"
                + "/*[local-name()='Signature']\" " + message;
    }

    private static void run(Path dir, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", "set -e; " + command).directory(dir.toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), command + "\n" + output);
    }

    private record Result(int exitCode, String out) {
    }

    private Result audit(String... arguments) {
        List<String> all = new ArrayList<>(List.of("audit", "--config", config.toString()));
        all.add(arguments[0]);
        all.addAll(List.of(arguments).subList(1, arguments.length));
        return cli(all.toArray(String[]::new));
    }

    private static Result cli(String... arguments) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new AuditCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(out));
        int exitCode = commandLine.execute(List.of(arguments).subList(1, arguments.length).toArray(String[]::new));
        return new Result(exitCode, out.toString());
    }

    private void tamper(String... statements) {
        try (Database database = open(copy); Connection connection = database.dataSource().getConnection();
                var statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Database open(Path dataDir) {
        return Database.open(GatewayConfig.defaults().with(Map.of("data-dir", dataDir.toString(), "database.embedded-engine", "h2")));
    }

    private static List<String> query(Database database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                values.add(row.getString(1));
            }
        }
        return values;
    }

    private static byte[] storedRequest(Database database, String exchangeId) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT requete FROM echange WHERE id = ?")) {
            select.setString(1, exchangeId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getBytes(1);
            }
        }
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Files.write(target.resolve(entry.getName()), entries.readAllBytes());
            }
        }
        return target;
    }

    private static void awaitDelivered(Outbox outbox) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (outbox.list(null, 10).size() < 2
                || !outbox.list(null, 10).stream().allMatch(line -> line.state() == Outbox.State.LIVRE)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not delivered within " + PATIENCE);
            }
            Thread.sleep(100);
        }
    }
}
