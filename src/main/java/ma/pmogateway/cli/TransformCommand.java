package ma.pmogateway.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import ma.pmogateway.rules.CompiledChecks;
import ma.pmogateway.rules.EnvoiValidator;
import ma.pmogateway.rules.ProjectHistory;
import ma.pmogateway.rules.ValidationReport;
import ma.pmogateway.transform.TransformContext;

/**
 * {@code transform FILE}: writes the PMO document for an Al Omrane batch, after the same checks as
 * {@code validate}; an invalid batch gets its problems printed and no document.
 *
 * <p>The output is reproducible: the exchange id defaults to a name-based UUID of the file's bytes, and
 * {@code --emis-le} fixes the emission time (otherwise now, to the second). Exit codes as {@code validate}.
 */
@Command(name = "transform",
        mixinStandardHelpOptions = true,
        description = {
            "Écrit le document PMO d'un envoi Al Omrane, après toutes les vérifications de validate.",
            "Writes the PMO document for an Al Omrane batch, after every check validate makes."})
public final class TransformCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FICHIER", description = "Envoi Al Omrane / Al Omrane batch (XML).")
    private Path input;

    @Option(names = {"-o", "--sortie"}, paramLabel = "FICHIER",
            description = "Document PMO écrit ici (défaut : sortie standard) / PMO document written here (default: stdout).")
    private Path output;

    @Option(names = "--echange", paramLabel = "UUID",
            description = "Identifiant d'échange (défaut : UUID dérivé du fichier) / exchange id (default: derived from the file).")
    private UUID exchangeId;

    @Option(names = "--emis-le", paramLabel = "INSTANT",
            description = "Horodatage d'émission, ex. 2026-10-02T09:00:00Z (défaut : maintenant) / emission time (default: now).")
    private Instant emittedAt;

    @Option(names = "--lang", paramLabel = "fr|en", defaultValue = "fr", description = "fr ou/or en (défaut / default: ${DEFAULT-VALUE}).")
    private ValidateCommand.Language language;

    @Option(names = "--aujourdhui", paramLabel = "AAAA-MM-JJ",
            description = "Date du jour pour les règles (défaut : aujourd'hui à Casablanca) / today's date for the rules.")
    private LocalDate today;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        byte[] document;
        try {
            document = Files.readAllBytes(input);
        } catch (IOException e) {
            err.println(input + (language == ValidateCommand.Language.en ? ": cannot read: " : " : illisible : ") + e.getMessage());
            return ValidateCommand.UNREADABLE;
        }
        TransformContext context = new TransformContext(
                exchangeId != null ? exchangeId : UUID.nameUUIDFromBytes(document),
                emittedAt != null ? emittedAt : Instant.now().truncatedTo(ChronoUnit.SECONDS));
        ValidationReport report = CompiledChecks.compile().validator().validate(document,
                today != null ? today : LocalDate.now(ValidateCommand.GATEWAY_ZONE), ProjectHistory.NONE, context);
        if (!report.valid() || report.pmoDocument().isEmpty()) {
            ValidateCommand.print(err, input.toString(), report, language.locale);
            err.flush();
            return ValidateCommand.INVALID;
        }
        return write(report.pmoDocument().get(), err);
    }

    private int write(byte[] pmoDocument, PrintWriter err) {
        try {
            if (output == null) {
                OutputStream stdout = System.out;
                stdout.write(pmoDocument);
                stdout.flush();
            } else {
                Files.write(output, pmoDocument);
            }
            return ValidateCommand.VALID;
        } catch (IOException e) {
            err.println(output + (language == ValidateCommand.Language.en ? ": cannot write: " : " : écriture impossible : ")
                    + e.getMessage());
            return ValidateCommand.UNREADABLE;
        }
    }
}
