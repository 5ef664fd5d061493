package ma.pmogateway.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import ma.pmogateway.error.GatewayException;

/**
 * Entry point of {@code java -jar target/pmo-gateway.jar}: the gateway's command line.
 *
 * <p>Each operator task is a subcommand; this root command only prints help and version.
 */
@Command(name = "pmo-gateway",
        mixinStandardHelpOptions = true,
        versionProvider = GatewayCommand.Version.class,
        description = {
            "Passerelle d'interopérabilité Al Omrane ↔ PMO de la DGCT (SOAP, WS-Security).",
            "Interoperability gateway between Al Omrane and the DGCT's PMO platform."},
        subcommands = {ServeCommand.class, ValidateCommand.class, TransformCommand.class, OutboxCommand.class,
            AuditCommand.class, CommandLine.HelpCommand.class})
public final class GatewayCommand implements Runnable {

    /** Exit code when the configuration, the database or an input file cannot be used. */
    static final int UNUSABLE_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new GatewayCommand());
        // UTF-8 whatever the locale: French messages and CSV must not turn into '?' under LANG=C, and the
        // documents the commands write are UTF-8 too.
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler(GatewayCommand::explain);
        System.exit(commandLine.execute(args));
    }

    /**
     * A gateway error the operator can act on (configuration, database, file) is told in French and
     * English with its first cause, without a stack trace, exit code 2; anything else is a defect and
     * keeps its trace.
     */
    private static int explain(Exception failure, CommandLine command, CommandLine.ParseResult parsed)
            throws Exception {
        if (!(failure instanceof GatewayException error)) {
            throw failure;
        }
        command.getErr().println(error.bilingualText());
        if (error.getCause() != null) {
            command.getErr().println("  cause: " + error.getCause());
        }
        return UNUSABLE_INPUT;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the version from the jar manifest (Implementation-Version), set by the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GatewayCommand.class.getPackage().getImplementationVersion();
            return new String[] {"pmo-gateway " + (version != null ? version : "(development build)")};
        }
    }
}
