package ma.pmogateway.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ma.pmogateway.journal.JournalListing.Row;

/**
 * How {@code audit list} writes journal records: an aligned table for a terminal, or CSV for a program.
 * The constants are in lower case because they are the values of {@code --format}.
 */
enum ListingFormat {

    /** Columns aligned under an upper-case header, then the count of records. */
    table {
        @Override
        void write(List<Row> rows, PrintWriter out) {
            List<List<String>> lines = Stream.concat(
                    Stream.of(HEADER.stream().map(name -> name.toUpperCase(Locale.ROOT)).toList()),
                    rows.stream().map(ListingFormat::cells)).toList();
            int[] widths = new int[HEADER.size()];
            lines.forEach(line -> Arrays.setAll(widths, column -> Math.max(widths[column], line.get(column).length())));
            for (List<String> line : lines) {
                StringBuilder text = new StringBuilder();
                for (int column = 0; column < line.size(); column++) {
                    String cell = line.get(column);
                    text.append(cell).append(" ".repeat(widths[column] - cell.length() + COLUMN_GAP));
                }
                out.println(text.toString().stripTrailing());
            }
            out.println(rows.size() + (rows.size() == 1 ? " record" : " records"));
        }
    },

    /**
     * RFC 4180: a header row, CRLF line ends, a field quoted (its quotes doubled) when it holds a comma,
     * a quote or a line break. No summary line, so that the output is only the data.
     */
    csv {
        @Override
        void write(List<Row> rows, PrintWriter out) {
            Stream.concat(Stream.of(HEADER), rows.stream().map(ListingFormat::cells))
                    .forEach(fields -> out.print(fields.stream().map(ListingFormat::quoted)
                            .collect(Collectors.joining(",")) + "\r\n"));
        }
    };

    /** The journal's own column names (docs/JOURNAL.md), in the order of {@link #cells}. */
    private static final List<String> HEADER = List.of("sequence", "recu_le", "echange", "operation", "emetteur",
            "verdict", "code_erreur", "identifiant_envoi", "projets", "livraison");

    private static final int COLUMN_GAP = 2;

    /** Writes {@code rows} to {@code out}. */
    abstract void write(List<Row> rows, PrintWriter out);

    /** The row's values as text: an absent value is empty, projects are separated by a space. */
    private static List<String> cells(Row row) {
        return Stream.of(Long.toString(row.sequence()), row.receivedAt().toString(), row.exchangeId(), row.operation(),
                row.sender(), row.verdict(), row.errorCode(), row.batchId(), String.join(" ", row.projects()),
                row.deliveryState()).map(value -> value == null ? "" : value).toList();
    }

    private static String quoted(String field) {
        return field.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')
                ? '"' + field.replace("\"", "\"\"") + '"'
                : field;
    }
}
