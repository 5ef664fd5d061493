package ma.pmogateway.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.JournalListing;

/** {@code audit list}: the journal's records that match the auditor's filters, as a table or CSV (docs/AUDIT.md). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Liste les enregistrements du journal, filtrés, dans l'ordre de la chaîne.",
            "Lists the journal's records, filtered, in chain order."})
final class AuditListCommand implements Callable<Integer> {

    @ParentCommand
    private AuditCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--sender", paramLabel = "CODE", description = "Only this sender's records.")
    private String sender;

    @Option(names = "--operation", paramLabel = "NAME", description = "Only this operation (SoumettreProjets…).")
    private String operation;

    @Option(names = "--verdict", paramLabel = "VERDICT", description = "Only this verdict (ACCEPTE, REJETE, DOUBLON…).")
    private String verdict;

    @Option(names = "--project", paramLabel = "CODE", description = "Only the exchanges with an item of this project.")
    private String project;

    @ArgGroup(exclusive = false)
    private TimeRange received;

    @Option(names = "--format", defaultValue = "table", paramLabel = "table|csv",
            description = "table (default) or csv (RFC 4180, CRLF line ends).")
    private ListingFormat format;

    @Option(names = "--limit", paramLabel = "N", description = "At most the first N records (default: all).")
    private Integer limit;

    @Override
    public Integer call() {
        Instant start = TimeRange.start(received);
        Instant end = TimeRange.end(received);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new ParameterException(spec.commandLine(),
                    "--from and --to leave no time: from " + start + " up to " + end + " (excluded)");
        }
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, not " + limit);
        }
        JournalListing.Filter filter = new JournalListing.Filter(sender, operation, verdict, project, start, end);
        try (Database database = Database.open(parent.config())) {
            List<JournalListing.Row> rows = new JournalListing(database.dataSource())
                    .list(filter, limit == null ? Integer.MAX_VALUE : limit);
            PrintWriter out = spec.commandLine().getOut();
            format.write(rows, out);
            out.flush();
            return CommandLine.ExitCode.OK;
        }
    }
}
