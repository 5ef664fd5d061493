package ma.pmogateway.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import ma.pmogateway.rules.CompiledChecks;
import ma.pmogateway.audit.BundleVerifier;
import ma.pmogateway.audit.EvidenceBundle;
import ma.pmogateway.audit.JournalAudit;
import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ContractSchemas;
import ma.pmogateway.contract.ContractValidator;
import ma.pmogateway.error.ErrorCode;
import ma.pmogateway.error.GatewayException;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EvidenceGaps;
import ma.pmogateway.journal.JournalListing;
import ma.pmogateway.security.KeyMaterial;
import ma.pmogateway.transform.Transformer;
import ma.pmogateway.transform.XsltRuntime;

/**
 * {@code audit verify|export|verify-bundle|list}: the auditor's tools (docs/AUDIT.md).
 *
 * <p>Exit code 0 when everything checked is intact, 1 when a problem was found, 2 when the input cannot
 * be read (configuration, database, file).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Audit du journal : vérifier la chaîne et les signatures, exporter et vérifier une preuve.",
            "Journal audit: verify the chain and signatures, export and verify an evidence bundle."},
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class, AuditCommand.VerifyBundle.class,
            AuditListCommand.class})
public final class AuditCommand {

    /** Exit code when everything checked is intact. */
    static final int INTACT = 0;
    /** Exit code when at least one problem was found. */
    static final int PROBLEMS = 1;
    /** Exit code when the input cannot be read. */
    static final int UNREADABLE = GatewayCommand.UNUSABLE_INPUT;

    @Option(names = "--config", description = "Configuration file (the gateway's).")
    private Path configFile;

    GatewayConfig config() {
        return GatewayConfig.load(configFile, System.getenv(), Map.of());
    }

    private static KeyMaterial identity(GatewayConfig config) {
        return KeyMaterial.gateway(config);
    }

    /** {@code audit verify}: the journal, whole or over a time range, with every problem named by its exchange. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Vérifie la chaîne de hachage, la signature de chaque requête acceptée (avec la confiance de "
                    + "l'époque), la reproduction de chaque document PMO et les points de contrôle.",
                "Verifies the hash chain, every accepted request's signature (with the trust of its time), that "
                    + "every PMO document is reproduced, and the signed checkpoints."})
    static final class Verify implements Callable<Integer> {

        @ParentCommand
        private AuditCommand parent;

        @Spec
        private CommandSpec spec;

        @ArgGroup(exclusive = false)
        private TimeRange received;

        @Option(names = "--progress", negatable = true, paramLabel = "",
                description = "Show a progress bar on the error stream (default: when it is a terminal).")
        private Boolean progress;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            GatewayConfig config = parent.config();
            KeyMaterial identity = identity(config);
            try (Database database = Database.open(config)) {
                JournalAudit audit = new JournalAudit(database.dataSource(), identity.certificate(), transformer());
                JournalAudit.Range range = audit.range(TimeRange.start(received), TimeRange.end(received));
                boolean showProgress = progress != null ? progress : System.console() != null;
                JournalAudit.Report report = audit.run(range, showProgress
                        ? new ProgressBar(spec.commandLine().getErr()) : JournalAudit.Progress.NONE);
                report.problems().forEach(problem -> out.println("PROBLEM " + problem));
                report.notRerun().forEach(record -> out.println("NOT RE-RUN " + record));
                // Not alterations: exchanges answered while the journal failed, recorded beside it (docs/AUDIT.md).
                List<EvidenceGaps.Gap> gaps = new EvidenceGaps(config.path("data-dir")).all();
                gaps.forEach(gap -> out.println("EVIDENCE GAP " + gap));
                out.println("records checked: " + report.recordsChecked() + ", signatures verified: "
                        + report.signaturesVerified() + ", transformations reproduced: "
                        + report.transformationsReproduced() + ", transformations not re-run: "
                        + report.transformationsNotRerun() + ", deliveries verified: " + report.deliveriesVerified()
                        + ", checkpoints verified: " + report.checkpointsVerified()
                        + ", evidence gaps: " + gaps.size() + ", problems: " + report.problems().size());
                out.println(report.provenUpTo().orElse("no checkpoint proves the journal"));
                out.flush();
                return report.intact() ? INTACT : PROBLEMS;
            }
        }
    }

    /** This build's stylesheets and code lists, compiled. */
    private static Transformer transformer() {
        return CompiledChecks.compile().transformer();
    }

    /** {@code audit export}: the signed evidence bundle of one exchange, or one per exchange of a selection. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Exporte la preuve signée d'un échange (zip), ou une par échange d'un projet ou d'une période "
                    + "(dans un dossier).",
                "Exports the signed evidence bundle of an exchange (zip), or one per exchange of a project or a "
                    + "period (into a folder)."})
    static final class Export implements Callable<Integer> {

        @ParentCommand
        private AuditCommand parent;

        @Spec
        private CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Selection selection;

        static final class Selection {
            @Option(names = "--exchange", paramLabel = "ID", description = "One exchange (UUID): --out is the zip.")
            private String exchangeId;

            @ArgGroup(exclusive = false)
            private Filters filters;
        }

        static final class Filters {
            @Option(names = "--project", paramLabel = "CODE", description = "The exchanges with an item of this project.")
            private String project;

            @ArgGroup(exclusive = false)
            private TimeRange received;
        }

        @Option(names = "--out", required = true, paramLabel = "FILE.zip|DIR",
                description = "The bundle (--exchange), or the folder that receives one <exchange id>.zip per exchange.")
        private Path out;

        @Override
        public Integer call() {
            GatewayConfig config = parent.config();
            Transformer transformer = transformer();
            PrintWriter report = spec.commandLine().getOut();
            try (Database database = Database.open(config)) {
                EvidenceBundle bundles = new EvidenceBundle(database.dataSource(), identity(config),
                        transformer.version(), transformer.sha256(), Clock.systemUTC());
                if (selection.exchangeId != null) {
                    report.println(out + ": " + String.join(", ", bundles.export(selection.exchangeId, out)));
                } else {
                    exportSelection(database, bundles, report);
                }
                report.flush();
                return INTACT;
            } catch (GatewayException e) {
                if (e.code() != ErrorCode.ECHANGE_INCONNU) {
                    throw e;
                }
                spec.commandLine().getErr().println("Unknown exchange: " + selection.exchangeId);
                return UNREADABLE;
            }
        }

        private void exportSelection(Database database, EvidenceBundle bundles, PrintWriter report) {
            Filters filters = selection.filters;
            JournalListing.Filter filter = new JournalListing.Filter(null, null, null, filters.project,
                    TimeRange.start(filters.received), TimeRange.end(filters.received));
            List<JournalListing.Row> rows = new JournalListing(database.dataSource()).list(filter, Integer.MAX_VALUE);
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw new GatewayException(ErrorCode.ERREUR_INTERNE, e, out);
            }
            for (JournalListing.Row row : rows) {
                Path zip = out.resolve(row.exchangeId().strip() + ".zip");
                bundles.export(row.exchangeId().strip(), zip);
                report.println(zip);
            }
            report.println(rows.size() + " bundles written to " + out);
        }
    }

    /** {@code audit verify-bundle}: an evidence bundle, offline. */
    @Command(name = "verify-bundle", mixinStandardHelpOptions = true,
            description = {"Vérifie une preuve hors ligne : empreintes, signature du manifeste, signatures de la requête, "
                    + "de la réponse et des messages échangés avec le PMO.",
                "Verifies a bundle offline: digests, the manifest's signature, the signatures of the request, the answer "
                    + "and the messages exchanged with the PMO.",
                "Without --gateway-cert or --ca-cert the bundle's own CA is trusted: compare the printed fingerprint."})
    static final class VerifyBundle implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.zip", description = "The bundle.")
        private Path bundle;

        @ArgGroup(exclusive = true)
        private Trust trust;

        static final class Trust {
            @Option(names = "--gateway-cert", paramLabel = "PEM", description = "The gateway certificate, obtained independently.")
            private Path gatewayCertificate;

            @Option(names = "--ca-cert", paramLabel = "PEM", description = "The CA certificate, obtained independently.")
            private Path caCertificate;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BundleVerifier verifier;
            try {
                verifier = trust == null ? BundleVerifier.trustingBundleCa()
                        : trust.gatewayCertificate != null ? BundleVerifier.pinnedTo(read(trust.gatewayCertificate))
                        : BundleVerifier.trustingCa(read(trust.caCertificate));
            } catch (IOException | GeneralSecurityException e) {
                spec.commandLine().getErr().println("Cannot read the certificate: " + e.getMessage());
                return UNREADABLE;
            }
            BundleVerifier.Report report = verifier.verify(bundle);
            report.problems().forEach(problem -> out.println("PROBLEM " + problem));
            report.signer().ifPresent(signer -> out.println("manifest signed by " + signer.getSubjectX500Principal().getName()
                    + ", SHA-256 " + BundleVerifier.fingerprint(signer)
                    + (trust == null ? " (only the bundle's own CA was trusted: compare this fingerprint with a trusted copy)" : "")));
            out.println("files checked: " + report.filesChecked().size() + ", problems: " + report.problems().size());
            out.flush();
            return report.intact() ? INTACT : PROBLEMS;
        }

        private static X509Certificate read(Path pem) throws IOException, GeneralSecurityException {
            try (var in = Files.newInputStream(pem)) {
                return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
        }
    }
}
