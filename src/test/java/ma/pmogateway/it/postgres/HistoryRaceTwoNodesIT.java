package ma.pmogateway.it.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.xml.datatype.DatatypeFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ma.pmogateway.config.GatewayConfig;
import ma.pmogateway.contract.ao.EnvoiSituations;
import ma.pmogateway.contract.ao.SituationAvancement;
import ma.pmogateway.contract.ao.ws.Erreur;
import ma.pmogateway.contract.ao.ws.SuiviProjets;
import ma.pmogateway.it.Clients;
import ma.pmogateway.it.Payloads;
import ma.pmogateway.it.TestGateway;
import ma.pmogateway.journal.Database;
import ma.pmogateway.journal.EmbeddedPostgresServer;
import ma.pmogateway.journal.JournalListing;

/**
 * History rules race between nodes: two nodes sharing one PostgreSQL journal receive, at the same moment,
 * two progress reports of one project that cannot both be accepted in that order (60 % as of 31 March,
 * then 50 % as of 30 April: progress would go backwards, R-AVA-002). Each passes the rules alone against
 * the history before the other; the rule checked again inside the accepting transaction, under the
 * journal's lock, refuses the second whenever the 31 March report was committed first, on either node.
 */
class HistoryRaceTwoNodesIT {

    private static final int ROUNDS = 12;

    private String journalUrl;
    private TestGateway first;
    private TestGateway second;

    @BeforeEach
    void startTwoNodesOnOneDatabase() {
        journalUrl = EmbeddedPostgresServer.newDatabase();
        first = TestGateway.start(node());
        second = TestGateway.start(node());
    }

    @AfterEach
    void stopNodes() {
        for (TestGateway node : new TestGateway[] {second, first}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void twoNodesNeverBothAcceptReportsThatMakeProgressGoBackwards() throws Exception {
        SuiviProjets toFirst = Clients.soap12(first.soap12Address(), "ao-cs");
        SuiviProjets toSecond = Clients.soap12(second.soap12Address(), "ao-cs");
        ExecutorService senders = Executors.newFixedThreadPool(2);
        int refusedAfterTheEarlierOne = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String project = "AO-CS-2026-" + (60_000 + round);
                toFirst.soumettreProjets(Payloads.fiche("01-vsb-hmr-casablanca.xml", project));
                CyclicBarrier together = new CyclicBarrier(2);
                Future<String> march = senders.submit(() -> submit(toFirst, together, project, "2025-03-31", "60"));
                Future<String> april = senders.submit(() -> submit(toSecond, together, project, "2025-04-30", "50"));
                String marchOutcome = march.get(60, TimeUnit.SECONDS);
                String aprilOutcome = april.get(60, TimeUnit.SECONDS);
                assertTrue(!marchOutcome.startsWith("REFUS"), "the 31 March report has nothing before it: " + marchOutcome);
                List<JournalListing.Row> accepted = acceptedSituations(project);
                if (aprilOutcome.startsWith("REFUS")) {
                    assertEquals("REFUS REGLE_METIER", aprilOutcome);
                    refusedAfterTheEarlierOne++;
                } else {
                    // Both accepted: only if the 30 April report was committed first (nothing before it then).
                    assertEquals(List.of(aprilOutcome, marchOutcome),
                            accepted.stream().map(JournalListing.Row::exchangeId).toList(),
                            "round " + round + ": the later, lower report was accepted after the earlier, higher one");
                }
            }
        } finally {
            senders.shutdown();
        }
        System.out.printf("history race: %d rounds, %d times the 30 April report refused after the 31 March one%n",
                ROUNDS, refusedAfterTheEarlierOne);
    }

    private static String submit(SuiviProjets client, CyclicBarrier together, String project, String asOf,
            String progress) throws Exception {
        EnvoiSituations envoi = Payloads.situations("01-vsb-casablanca.xml");
        SituationAvancement situation = envoi.getSituationAvancement().get(0);
        situation.setCodeProjet(project);
        situation.setDateArrete(DatatypeFactory.newInstance().newXMLGregorianCalendar(asOf));
        situation.setAvancementPhysique(new BigDecimal(progress));
        together.await(30, TimeUnit.SECONDS);
        try {
            return client.soumettreSituations(envoi).getIdentifiantEchange();
        } catch (Erreur refused) {
            return "REFUS " + refused.getFaultInfo().getCode();
        }
    }

    /** The project's accepted progress reports, in the order the journal committed them. */
    private List<JournalListing.Row> acceptedSituations(String project) throws Exception {
        Path dataDir = Files.createTempDirectory("pmo-gateway-race");
        try (Database database = Database.open(GatewayConfig.load(null, Map.of(), Map.of("data-dir",
                dataDir.toString(), "database.url", journalUrl, "database.user", EmbeddedPostgresServer.USER,
                "database.password", "")))) {
            return new ArrayList<>(new JournalListing(database.dataSource())
                    .list(new JournalListing.Filter(null, "SoumettreSituations", "ACCEPTE", project, null, null), 10));
        }
    }

    private Map<String, String> node() {
        return Map.of("database.url", journalUrl, "database.user", EmbeddedPostgresServer.USER,
                "database.password", "");
    }
}
