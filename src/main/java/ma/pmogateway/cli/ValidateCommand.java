package ma.pmogateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import ma.pmogateway.error.Problem;
import ma.pmogateway.error.Severity;
import ma.pmogateway.rules.CompiledChecks;
import ma.pmogateway.rules.EnvoiValidator;
import ma.pmogateway.rules.ValidationReport;

/**
 * {@code validate FILE...}: checks Al Omrane batches offline as {@code ValiderEnvoi} does (AO schema,
 * business rules, transformation, PMO schema) and prints every problem of every file.
 *
 * <p>Exit code 0 if every file is valid, 1 if one is not, 2 if one cannot be read.
 */
@Command(name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Valide des envois Al Omrane hors ligne : schéma, règles métier, transformation et schéma PMO.",
            "Validates Al Omrane batches offline: schema, business rules, transformation and PMO schema.",
            "Code de sortie / exit code: 0 valide / valid, 1 invalide / invalid, 2 illisible / unreadable."})
public final class ValidateCommand implements Callable<Integer> {

    /** Exit code when every file is valid. */
    static final int VALID = 0;
    /** Exit code when at least one file breaks the contract or the rules. */
    static final int INVALID = 1;
    /** Exit code when at least one file cannot be read. */
    static final int UNREADABLE = 2;

    /** "Today" at the gateway, which stands in Morocco, whatever the machine's time zone. */
    static final ZoneId GATEWAY_ZONE = ZoneId.of("Africa/Casablanca");

    /** Language of the report. */
    enum Language {
        fr(Locale.FRENCH), en(Locale.ENGLISH);

        final Locale locale;

        Language(Locale locale) {
            this.locale = locale;
        }
    }

    @Parameters(paramLabel = "FICHIER", arity = "1..*", description = "Envois Al Omrane / Al Omrane batches (XML).")
    private List<Path> files;

    @Option(names = "--lang", paramLabel = "fr|en", defaultValue = "fr", description = "fr ou/or en (défaut / default: ${DEFAULT-VALUE}).")
    private Language language;

    @Option(names = "--aujourdhui", paramLabel = "AAAA-MM-JJ",
            description = "Date du jour pour les règles (défaut : aujourd'hui à Casablanca) / today's date for the rules.")
    private LocalDate today;

    @Option(names = {"-v", "--verbose"}, description = "Affiche les versions utilisées / prints the versions used.")
    private boolean verbose;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EnvoiValidator validator = CompiledChecks.compile().validator();
        LocalDate date = today != null ? today : LocalDate.now(GATEWAY_ZONE);
        int exitCode = VALID;
        for (Path file : files) {
            byte[] document;
            try {
                document = Files.readAllBytes(file);
            } catch (IOException e) {
                spec.commandLine().getErr().println(file + (language == Language.en ? ": cannot read: " : " : illisible : ")
                        + e.getMessage());
                exitCode = UNREADABLE;
                continue;
            }
            ValidationReport report = validator.validate(document, date);
            print(out, file.toString(), report, language.locale);
            if (verbose) {
                out.println("  transformation " + report.transformationVersion());
                out.println("  règles/rules " + report.rulesVersion());
                out.println("  listes/code lists " + report.codeListsVersion());
            }
            if (!report.valid() && exitCode == VALID) {
                exitCode = INVALID;
            }
        }
        out.flush();
        return exitCode;
    }

    /** Prints a report: one summary line for {@code name}, then each problem with its rule, place and message. */
    static void print(PrintWriter out, String name, ValidationReport report, Locale locale) {
        boolean english = locale.getLanguage().equals(Locale.ENGLISH.getLanguage());
        int count = report.problems().size();
        String verdict = report.valid() ? (english ? "valid" : "valide") : (english ? "INVALID" : "INVALIDE");
        out.println(name + (english ? ": " : " : ") + verdict + " — " + report.elementCount()
                + (english ? " item(s), " : " élément(s), ") + count + (english ? " problem(s)" : " problème(s)"));
        for (Problem problem : report.problems()) {
            out.println("  " + severity(problem.severity(), english) + ' ' + origin(problem, english)
                    + (problem.line() > 0 ? (english ? " line " : " ligne ") + problem.line() + ':' + problem.column() : "")
                    + ' ' + problem.xpath());
            out.println("      " + problem.message(locale));
        }
    }

    private static String severity(Severity severity, boolean english) {
        if (severity == Severity.ERREUR) {
            return english ? "[ERROR]" : "[ERREUR]";
        }
        return english ? "[WARNING]" : "[AVERTISSEMENT]";
    }

    private static String origin(Problem problem, boolean english) {
        return switch (problem.step()) {
            case LECTURE -> english ? "not well-formed XML" : "XML mal formé";
            case CONTRAT -> english ? "schema" : "schéma";
            case AUTORISATION -> english ? "authorisation" : "autorisation";
            case REGLE -> problem.ruleId();
            case TRANSFORMATION -> "transformation";
            case CONFIGURATION -> "configuration";
        };
    }
}
