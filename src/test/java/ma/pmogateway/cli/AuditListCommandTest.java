package ma.pmogateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.Journal;
import ma.pmogateway.journal.TestDatabase;
import ma.pmogateway.journal.TestRecords;

/**
 * {@code audit list} end to end through picocli, on a journal opened from the configuration file as
 * {@code audit verify} opens it: the options reach the listing, the table is aligned, the CSV is
 * RFC 4180, and invalid values are usage errors.
 */
class AuditListCommandTest {

    private static final String CSV_HEADER =
            "sequence,recu_le,echange,operation,emetteur,verdict,code_erreur,identifiant_envoi,projets,livraison\r\n";

    @TempDir
    Path dataDir;

    private Path config;
    private String accepted;
    private String rejected;

    @BeforeEach
    void recordTwo() throws Exception {
        try (Database database = TestDatabase.H2.open(dataDir)) {
            TestRecords records = new TestRecords(new Journal(database.groupCommit(), TestDatabase.VERSIONS));
            accepted = records.accepted(Instant.parse("2026-11-28T09:30:00.120Z"), "AO-CS", "SoumettreProjets",
                    "9b2f0c7e-1d3a-4c55-8e21-6f0a3b9d4e10", "P-1", "P-2");
            rejected = records.rejected(Instant.parse("2026-11-29T00:00:00Z"), "AO-RSK", "SoumettreSituations",
                    ErrorCode.NON_AUTORISE);
            // A value an attacker could choose, to exercise CSV quoting.
            try (Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE echange SET operation = 'Soumettre,\"Projets\"' WHERE sequence = 2");
            }
        }
        config = dataDir.resolve("gateway.properties");
        Files.writeString(config, "data-dir=" + dataDir.toString().replace('\\', '/') + "\ndatabase.embedded-engine=h2\n");
    }

    @Test
    void writesRfc4180CsvWithAHeaderAndNoSummary() {
        Result result = list("--format", "csv");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(CSV_HEADER
                + "1,2026-11-28T09:30:00.120Z," + accepted
                + ",SoumettreProjets,AO-CS,ACCEPTE,,9b2f0c7e-1d3a-4c55-8e21-6f0a3b9d4e10,P-1 P-2,EN_ATTENTE\r\n"
                + "2,2026-11-29T00:00:00Z," + rejected + ",\"Soumettre,\"\"Projets\"\"\",AO-RSK,REJETE,NON_AUTORISE,,,\r\n",
                result.out());
    }

    @Test
    void alignsTheTableUnderItsHeaderAndCountsTheRecords() {
        Result result = list();

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(4, lines.size(), result.out());
        String header = lines.get(0);
        assertTrue(header.startsWith("SEQUENCE  RECU_LE"), header);
        for (String column : List.of("RECU_LE", "ECHANGE", "OPERATION", "EMETTEUR", "VERDICT")) {
            int start = header.indexOf(column);
            for (String line : lines.subList(1, 3)) {
                assertTrue(line.charAt(start - 1) == ' ' && line.charAt(start) != ' ', column + " in\n" + result.out());
            }
        }
        assertTrue(lines.get(1).contains("P-1 P-2") && lines.get(1).endsWith("EN_ATTENTE"), lines.get(1));
        assertEquals("2 records", lines.get(3));
    }

    @Test
    void passesEveryFilterToTheListing() {
        assertEquals(List.of("2"), sequences("--sender", "AO-RSK"));
        assertEquals(List.of("1"), sequences("--operation", "SoumettreProjets"));
        assertEquals(List.of("2"), sequences("--verdict", "REJETE"));
        assertEquals(List.of("1"), sequences("--project", "P-2"));
        assertEquals(List.of("1"), sequences("--limit", "1"));
        assertEquals(List.of(), sequences("--sender", "AO-CS", "--verdict", "REJETE"));
    }

    @Test
    void aDateCoversItsWholeDayInUtcAtEitherEnd() {
        assertEquals(List.of("1"), sequences("--from", "2026-11-28", "--to", "2026-11-28"));
        assertEquals(List.of("2"), sequences("--from", "2026-11-29"));
        assertEquals(List.of("1", "2"), sequences("--to", "2026-11-29"));
    }

    @Test
    void anInstantIsIncludedByFromAndExcludedByTo() {
        assertEquals(List.of("2"), sequences("--from", "2026-11-29T00:00:00Z"));
        assertEquals(List.of("1"), sequences("--to", "2026-11-29T00:00:00Z"));
        assertEquals(List.of("2"), sequences("--from", "2026-11-29T01:00:00+01:00"));
    }

    @Test
    void anEmptyResultIsTheHeaderAlone() {
        Result result = list("--format", "csv", "--sender", "AO-NONE");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(CSV_HEADER, result.out());
    }

    @Test
    void invalidValuesAreUsageErrors() {
        assertUsageError("'2026-11-31' is neither a date (2026-11-28) nor an ISO instant", "--from", "2026-11-31");
        assertUsageError("'2026-11-28T09:30' is neither a date", "--to", "2026-11-28T09:30");
        assertUsageError("Invalid value for option '--format'", "--format", "xml");
        assertUsageError("--from and --to leave no time", "--from", "2026-11-29", "--to", "2026-11-28");
        assertUsageError("--limit must be at least 1", "--limit", "0");
    }

    private void assertUsageError(String message, String... options) {
        Result result = list(options);
        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains(message), result.err());
        assertEquals("", result.out());
    }

    private List<String> sequences(String... filters) {
        List<String> options = new ArrayList<>(List.of(filters));
        options.addAll(List.of("--format", "csv"));
        Result result = list(options.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        return result.out().lines().skip(1).map(line -> line.substring(0, line.indexOf(','))).toList();
    }

    private record Result(int exitCode, String out, String err) {
    }

    private Result list(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new AuditCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        List<String> arguments = new ArrayList<>(List.of("--config", config.toString(), "list"));
        arguments.addAll(List.of(options));
        int exitCode = commandLine.execute(arguments.toArray(String[]::new));
        return new Result(exitCode, out.toString(), err.toString());
    }
}
