package ma.pmogateway.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The journal owns the database (docs/ARCHITECTURE.md): no class outside {@code ma.pmogateway.journal}
 * imports JDBC's statement and result types, nor carries an SQL statement in a string literal. Scans
 * the sources, so that a new class cannot slip SQL past the boundary.
 */
class SqlStaysInTheJournalTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path JOURNAL = SOURCES.resolve("ma/pmogateway/journal");

    private static final Pattern JDBC_IMPORT = Pattern.compile(
            "^import\\s+java\\.sql\\.(PreparedStatement|Statement|CallableStatement|ResultSet)\\s*;",
            Pattern.MULTILINE);
    /**
     * The tokens that can hold a quote: comments and character literals (skipped, so that comments may
     * name SQL freely), text blocks and string literals (whose contents are checked).
     */
    private static final Pattern TOKEN = Pattern.compile("//[^\\n]*|/\\*.*?\\*/|'(?:[^'\\\\\\n]|\\\\.)+'"
            + "|\"\"\"(?<block>.*?)\"\"\"|\"(?<string>(?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    /** The opening of a statement of DML or DDL, in the upper case every statement of the project is written in. */
    private static final Pattern SQL = Pattern.compile("\\b(SELECT\\s+\\S.*\\bFROM\\b|INSERT\\s+INTO|UPDATE\\s+\\w+\\s+SET"
            + "|DELETE\\s+FROM|MERGE\\s+INTO|(CREATE|ALTER|DROP)\\s+(TABLE|INDEX|SEQUENCE)|FOR\\s+UPDATE)\\b");

    @Test
    void noClassOutsideTheJournalContainsSql() throws IOException {
        List<String> offences;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offences = files.filter(file -> file.toString().endsWith(".java") && !file.startsWith(JOURNAL))
                    .flatMap(file -> offences(SOURCES.relativize(file).toString(), read(file)).stream()).toList();
        }
        assertEquals(List.of(), offences, "SQL belongs to the journal package");
    }

    /** The scan must be able to fail: the PMO sandbox's register as it was before the journal took its SQL. */
    @Test
    void findsTheStatementsAndTheJdbcTypesOfARegisterWrittenOutsideTheJournal() {
        String register = """
                package ma.pmogateway.pmo;

                import java.sql.Connection;
                import java.sql.PreparedStatement;
                import java.sql.ResultSet;

                final class PmoRegister {
                    /** Reads pmo_depot (SELECT ... FROM in a comment is no offence). */
                    List<Arrival> arrivals() {
                        try (Connection connection = dataSource.getConnection();
                                PreparedStatement select = connection.prepareStatement("SELECT rang_arrivee,"
                                        + " identifiant_message FROM pmo_depot ORDER BY rang_arrivee");
                                ResultSet rows = select.executeQuery()) {
                            String update = "UPDATE pmo_depot SET accuse = ? WHERE identifiant_message = ?";
                        }
                    }
                }
                """;

        List<String> offences = offences("PmoRegister.java", register);

        assertEquals(4, offences.size(), offences.toString());
        assertTrue(offences.get(0).contains("java.sql.PreparedStatement"), offences.toString());
        assertTrue(offences.get(1).contains("java.sql.ResultSet"), offences.toString());
        assertTrue(offences.get(2).contains("\"SELECT rang_arrivee,\""), offences.toString());
        assertTrue(offences.get(3).contains("UPDATE pmo_depot SET"), offences.toString());
    }

    /** French and English prose in messages is not SQL, even when it says "update" or "select". */
    @Test
    void leavesProseAlone() {
        String messages = """
                class Messages {
                    String fr = "Mise à jour du projet : select the project FROM the list";
                    String en = "The update sets the owner; delete from your drafts";
                }
                """;

        assertEquals(List.of(), offences("Messages.java", messages));
    }

    /**
     * Returns each JDBC import and each literal holding SQL in {@code source}. A statement split over
     * several concatenated literals is found by its literals joined, and reported at its first one.
     */
    private static List<String> offences(String file, String source) {
        List<String> offences = new ArrayList<>();
        Matcher imports = JDBC_IMPORT.matcher(source);
        while (imports.find()) {
            offences.add(file + ": imports java.sql." + imports.group(1));
        }
        Matcher tokens = TOKEN.matcher(source);
        StringBuilder statement = new StringBuilder();
        String first = null;
        int end = -1;
        while (tokens.find()) {
            String text = tokens.group("block") != null ? tokens.group("block") : tokens.group("string");
            if (text == null) {
                continue;
            }
            boolean continued = end >= 0 && source.substring(end, tokens.start()).strip().equals("+");
            if (!continued) {
                report(file, first, statement, offences);
                statement.setLength(0);
                first = tokens.group();
            }
            statement.append(text);
            end = tokens.end();
        }
        report(file, first, statement, offences);
        return offences;
    }

    private static void report(String file, String first, CharSequence statement, List<String> offences) {
        if (first != null && SQL.matcher(statement).find()) {
            offences.add(file + ": SQL in the literal " + first);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
