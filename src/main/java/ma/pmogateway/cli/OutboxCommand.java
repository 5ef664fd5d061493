package ma.pmogateway.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.journal.Outbox;
import ma.pmogateway.journal.Database;

/** {@code outbox list|retry}: the operator's view of deliveries to the PMO, and re-queueing of dead letters. */
@Command(name = "outbox", mixinStandardHelpOptions = true,
        description = {"File d'envoi vers le PMO : lister, relancer les lettres mortes.",
            "Delivery queue to the PMO: list entries, re-queue dead letters."},
        subcommands = {OutboxCommand.ListEntries.class, OutboxCommand.Retry.class})
final class OutboxCommand {

    @Option(names = "--config", description = "Configuration file (the gateway's).")
    private Path configFile;

    private Database open() {
        return Database.open(GatewayConfig.load(configFile, System.getenv(), Map.of()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists outbox entries, oldest first.")
    static final class ListEntries implements Callable<Integer> {

        @ParentCommand
        private OutboxCommand parent;

        @Option(names = "--state", description = "EN_ATTENTE, EN_COURS, LIVRE or LETTRE_MORTE (default: all).")
        private Outbox.State state;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many lines (default ${DEFAULT-VALUE}).")
        private int limit;

        @Override
        public Integer call() {
            try (Database database = parent.open()) {
                List<Outbox.Line> lines = new Outbox(database.dataSource()).list(state, limit);
                System.out.printf("%-8s %-36s %-17s %-12s %8s  %-24s %s%n", "ID", "ECHANGE", "OPERATION", "ETAT",
                        "ESSAIS", "CREE_LE", "DERNIERE_ERREUR");
                for (Outbox.Line line : lines) {
                    System.out.printf("%-8d %-36s %-17s %-12s %8d  %-24s %s%n", line.id(), line.exchangeId(),
                            line.pmoOperation(), line.state(), line.attempts(), line.createdAt(),
                            line.lastError() == null ? "" : line.lastError());
                }
                return 0;
            }
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Re-queues dead letters for immediate delivery (by id, or all with --all-dead).")
    static final class Retry implements Callable<Integer> {

        @ParentCommand
        private OutboxCommand parent;

        @Option(names = "--all-dead", description = "Re-queue every dead letter.")
        private boolean allDead;

        @Parameters(arity = "0..*", description = "Outbox entry ids (see outbox list).")
        private List<Long> ids = List.of();

        @Override
        public Integer call() {
            try (Database database = parent.open()) {
                Outbox outbox = new Outbox(database.dataSource());
                List<Long> targets = allDead
                        ? outbox.list(Outbox.State.LETTRE_MORTE, Integer.MAX_VALUE).stream().map(Outbox.Line::id).toList()
                        : ids;
                int requeued = 0;
                for (long id : targets) {
                    if (outbox.requeue(id, Instant.now())) {
                        requeued++;
                    } else {
                        System.err.println("Not a dead letter: " + id);
                    }
                }
                System.out.println(requeued + " entr" + (requeued == 1 ? "y" : "ies") + " re-queued");
                return requeued == targets.size() ? 0 : 1;
            }
        }
    }
}
